package io.clipdecomp.core.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipdecomp.core.preprocess.RasterImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grid layouts and tile placement. */
class ImageGridTest {

    private static RasterImage solid(int side, int value) {
        byte[] rgb = new byte[side * side * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (value + i % 3);
        }
        return RasterImage.rgb(side, side, rgb);
    }

    @Test
    void layoutsHaveTheNotebooksShape() {
        assertEquals(new ImageGrid(3, 5), ImageGrid.forCount(15));
        assertEquals(new ImageGrid(1, 1), ImageGrid.forCount(1));
        assertEquals(new ImageGrid(1, 2), ImageGrid.forCount(2));
        assertEquals(new ImageGrid(2, 3), ImageGrid.forCount(4));
        assertEquals(new ImageGrid(2, 5), ImageGrid.forCount(10));
        assertEquals(new ImageGrid(4, 6), ImageGrid.forCount(20));
        for (int k = 1; k <= 200; k++) {
            ImageGrid g = ImageGrid.forCount(k);
            // room for all, and no empty row
            assertEquals(true, g.rows() * g.cols() >= k && (g.rows() - 1) * g.cols() < k, "k = " + k);
        }
    }

    @Test
    void tilesGoRowByRowAndEmptyCellsStayBlack() {
        int side = 3;
        List<RasterImage> tiles = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tiles.add(solid(side, 10 * (t + 1)));
        }
        RasterImage grid = new ImageGrid(2, 3).compose(tiles);
        assertEquals(9, grid.width());
        assertEquals(6, grid.height());
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                int t = (y / side) * 3 + x / side;
                for (int band = 0; band < 3; band++) {
                    int expected = t < 4 ? 10 * (t + 1) + band : 0;
                    assertEquals(expected, grid.sample(x, y, band), "pixel " + x + "," + y);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid(1, 2).compose(tiles));
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid(1, 2).compose(List.of(solid(3, 0),
                solid(4, 0))));
    }
}
