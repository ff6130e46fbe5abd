package dev.kintsugi.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderReaderTest {
    @TempDir
    Path root;

    private void png(String clazz, String name, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Path dir = Files.createDirectories(root.resolve(clazz));
        ImageIO.write(img, "png", dir.resolve(name).toFile());
    }

    private void twoClasses() throws IOException {
        png("zebra", "1.png", 4, 3, 0xff0000);
        png("zebra", "2.PNG", 8, 6, 0x00ff00);
        png("ant", "a.png", 4, 3, 0x0000ff);
        png("ant", "b.png", 4, 3, 0xffffff);
    }

    @Test
    void readsSortedClassesResizedToTheFirstImage() throws IOException {
        twoClasses();

        Dataset d = ImageFolderReader.read(root);

        assertThat(d.classNames()).containsExactly("ant", "zebra");
        assertThat(d.sampleShape()).containsExactly(3, 3, 4);
        assertThat(d.labels()).containsExactly(0, 0, 1, 1);
        assertThat(d.attribute("file")).containsExactly("ant/a.png", "ant/b.png", "zebra/1.png", "zebra/2.PNG");
        float[] blue = d.sample(0);
        assertThat(blue[0]).isEqualTo(0f);
        assertThat(blue[2 * 12]).isEqualTo(1f);
        float[] green = d.sample(3); // resized from 8x6, still pure green
        assertThat(green[12]).isEqualTo(1f);
        assertThat(green[0]).isEqualTo(0f);
    }

    @Test
    void greyOutputAtAGivenSize() throws IOException {
        twoClasses();

        Dataset d = ImageFolderReader.read(root, 2, 5, 1);

        assertThat(d.sampleShape()).containsExactly(1, 5, 2);
        assertThat(d.sample(1)).containsOnly(1f);
        for (float v : d.featuresView()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        twoClasses();
        Files.writeString(root.resolve("ant").resolve("c.jpg"), "not really a jpeg");

        assertThatThrownBy(() -> ImageFolderReader.read(root)).hasMessageContaining("c.jpg")
                .hasMessageContaining("unreadable image");
    }

    @Test
    void noClassesOrNoImagesAreErrors() throws IOException {
        assertThatThrownBy(() -> ImageFolderReader.read(root)).hasMessageContaining(root.toString())
                .hasMessageContaining("no class folders");
        Files.createDirectories(root.resolve("empty-class"));
        assertThatThrownBy(() -> ImageFolderReader.read(root)).hasMessageContaining("hold no .png");
    }
}
