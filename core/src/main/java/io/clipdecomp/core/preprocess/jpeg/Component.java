package io.clipdecomp.core.preprocess.jpeg;

import java.util.Arrays;

/** One colour component of a JPEG frame: its sampling, its size in blocks and samples, and its decoded state. */
final class Component {
    final int index;
    final int id;
    final int h;
    final int v;
    final int quantTable;
    /** Blocks holding samples: {@code ceil(ceil(width * h / maxH) / 8)} (libjpeg's {@code width_in_blocks}). */
    int widthInBlocks;
    int heightInBlocks;
    /** Samples of the component before upsampling (libjpeg's {@code downsampled_width}). */
    int sampleWidth;
    int sampleHeight;
    /** Blocks per row and column that interleaved scans address, dummy blocks at the edges included. */
    int blocksPerLine;
    int blocksPerColumn;
    /** The quantiser, natural order, latched at the component's first scan as libjpeg latches it. */
    int[] quant;
    /** All coefficients, natural order, 64 per block, when the image is decoded in more than one scan. */
    short[] coefficients;
    /** Bits of precision still missing per coefficient position, -1 if never coded (progressive only). */
    final int[] coefBits = new int[64];
    /** The DC prediction of the current scan. */
    int dcPrediction;

    Component(int index, int id, int h, int v, int quantTable) {
        this.index = index;
        this.id = id;
        this.h = h;
        this.v = v;
        this.quantTable = quantTable;
        Arrays.fill(coefBits, -1);
    }
}
