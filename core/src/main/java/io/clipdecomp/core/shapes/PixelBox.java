package io.clipdecomp.core.shapes;

/**
 * A rectangle of whole pixels, {@code [x0, x1) x [y0, y1)}.
 *
 * @param x0 first column
 * @param y0 first row
 * @param x1 one past the last column
 * @param y1 one past the last row
 */
public record PixelBox(int x0, int y0, int x1, int y1) {

    public PixelBox {
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("empty pixel box [" + x0 + "," + x1 + ")x[" + y0 + "," + y1 + ")");
        }
    }

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }
}
