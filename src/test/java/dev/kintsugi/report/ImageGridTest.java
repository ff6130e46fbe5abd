package dev.kintsugi.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageGridTest {
    private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    private static List<BufferedImage> decode(String html) throws IOException {
        Matcher m = DATA_URI.matcher(html);
        List<BufferedImage> images = new java.util.ArrayList<>();
        while (m.find()) {
            images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        }
        return images;
    }

    @Test
    void greyImageBecomesAScaledPngWithClampedPixels() throws IOException {
        // 2 x 3 grey image: values below 0 and above 1 (and NaN) are clamped.
        float[] pixels = {0f, 0.5f, 1f, -3f, 7f, Float.NaN};
        String html = ImageGrid.scaledBy(4).add(pixels, new int[] {1, 2, 3}, "label: Coat / predicted: Shirt").toHtml();

        List<BufferedImage> images = decode(html);
        assertThat(images).hasSize(1);
        BufferedImage image = images.get(0);
        assertThat(image.getWidth()).isEqualTo(12);
        assertThat(image.getHeight()).isEqualTo(8);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(image.getRGB(4, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(image.getRGB(11, 3) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(0, 4) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(image.getRGB(7, 7) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(8, 4) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(html).contains("width=\"12\" height=\"8\"", "<figcaption>label: Coat / predicted: Shirt</figcaption>");
    }

    @Test
    void rgbChannelsAreReadPlaneByPlane() throws IOException {
        // One pixel, channels first: R, G, B.
        String html = ImageGrid.scaledBy(1).add(new float[] {1f, 0f, 0.2f}, new int[] {3, 1, 1}, "red").toHtml();
        assertThat(decode(html).get(0).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0033);
    }

    @Test
    void escapesCaptionsAndRejectsBadShapes() {
        String html = ImageGrid.scaledBy(1).add(new float[] {0f}, new int[] {1, 1, 1}, "<img onerror=x>").toHtml();
        assertThat(html).contains("&lt;img onerror=x&gt;").doesNotContain("<img onerror");

        ImageGrid grid = ImageGrid.scaledBy(2);
        assertThatThrownBy(() -> grid.add(new float[4], new int[] {2, 1, 2}, "x")).hasMessageContaining("channels");
        assertThatThrownBy(() -> grid.add(new float[3], new int[] {1, 2, 2}, "x")).hasMessageContaining("got 3");
        assertThatThrownBy(() -> grid.add(new float[4], new int[] {2, 2}, "x")).hasMessageContaining("{C, H, W}");
        assertThatThrownBy(() -> ImageGrid.scaledBy(0)).hasMessageContaining("scale");
    }
}
