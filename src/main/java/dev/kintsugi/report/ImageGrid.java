package dev.kintsugi.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Small images with a caption under each, e.g. misclassified inputs ("label: Coat / predicted: Shirt").
 * Images are enlarged by an integer factor with nearest-neighbour sampling, so pixels stay sharp.
 */
public final class ImageGrid implements Block {
    private record Tile(String dataUri, int width, int height, String caption) {
    }

    private final int scale;
    private final List<Tile> tiles = new ArrayList<>();

    private ImageGrid(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        this.scale = scale;
    }

    /** A grid whose images are drawn {@code scale} times their pixel size. */
    public static ImageGrid scaledBy(int scale) {
        return new ImageGrid(scale);
    }

    /**
     * Adds an image given as floats in [0, 1] (others are clamped) in {C, H, W} order.
     *
     * @param shape {C, H, W} with C = 1 (grey) or 3 (RGB)
     */
    public ImageGrid add(float[] pixels, int[] shape, String caption) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("image shape must be {C, H, W}, got " + shape.length + " dimensions");
        }
        BufferedImage image = PngImages.toImage(pixels, shape[0], shape[1], shape[2], scale);
        tiles.add(new Tile(PngImages.dataUri(image), image.getWidth(), image.getHeight(), caption));
        return this;
    }

    public int size() {
        return tiles.size();
    }

    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder("<div class=\"image-grid\">\n");
        for (Tile tile : tiles) {
            html.append("<figure><img src=\"").append(tile.dataUri())
                    .append("\" width=\"").append(tile.width()).append("\" height=\"").append(tile.height())
                    .append("\" alt=\"").append(Html.escape(tile.caption())).append("\"/>")
                    .append("<figcaption>").append(Html.escape(tile.caption())).append("</figcaption></figure>\n");
        }
        return html.append("</div>\n").toString();
    }
}
