package io.clipdecomp.core.neighbours;

import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RasterImage;
import java.util.List;

/**
 * Square RGB tiles of one size pasted row by row, without gaps, onto a black image: nns.ipynb's
 * {@code image_grid(imgs, rows, cols)}.
 *
 * @param rows tiles down
 * @param cols tiles across
 */
public record ImageGrid(int rows, int cols) {

    public ImageGrid {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a grid needs at least one row and one column, got " + rows + "x" + cols);
        }
    }

    /**
     * A layout for {@code count} tiles with the 5:3 shape of the notebook's 3×5 grid of 15: the fewest columns
     * with {@code 3·cols² >= 5·count} (never more than {@code count}), and as many rows as they need. 15 gives
     * 3×5, 10 gives 2×5, 4 gives 2×3, 1 gives 1×1.
     */
    public static ImageGrid forCount(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a grid needs at least one tile, got " + count);
        }
        int cols = 1;
        while (3L * cols * cols < 5L * count) {
            cols++;
        }
        cols = Math.min(cols, count);
        return new ImageGrid((count + cols - 1) / cols, cols);
    }

    /** The grid of {@code tiles} (at most rows·cols, all RGB and of one square size); unfilled cells stay black. */
    public RasterImage compose(List<RasterImage> tiles) {
        if (tiles.isEmpty() || tiles.size() > rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " grid holds 1.." + rows * cols
                    + " tiles, got " + tiles.size());
        }
        int side = tiles.get(0).width();
        for (RasterImage tile : tiles) {
            if (tile.mode() != ImageMode.RGB || tile.width() != side || tile.height() != side) {
                throw new IllegalArgumentException("grid tiles must be RGB " + side + "x" + side + ", got "
                        + tile.mode() + " " + tile.width() + "x" + tile.height());
            }
        }
        int width = cols * side;
        byte[] out = new byte[rows * side * width * 3];
        for (int t = 0; t < tiles.size(); t++) {
            byte[] in = tiles.get(t).samples();
            int left = (t % cols) * side;
            int top = (t / cols) * side;
            for (int y = 0; y < side; y++) {
                System.arraycopy(in, y * side * 3, out, ((top + y) * width + left) * 3, side * 3);
            }
        }
        return RasterImage.rgb(width, rows * side, out);
    }
}
