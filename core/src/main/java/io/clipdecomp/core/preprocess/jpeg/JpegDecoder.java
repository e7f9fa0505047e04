package io.clipdecomp.core.preprocess.jpeg;

import io.clipdecomp.core.preprocess.ImageDecodeException;
import io.clipdecomp.core.preprocess.ImageMode;
import io.clipdecomp.core.preprocess.RowSink;
import io.clipdecomp.core.preprocess.SampleWindow;
import java.util.Arrays;

/**
 * A JPEG decoder whose samples are those of libjpeg-turbo 2.1 with its defaults (accurate integer IDCT, fancy
 * upsampling), the library Pillow 9.4 decodes with, on any JVM: it is Java, so it does not depend on which libjpeg
 * a JDK's ImageIO links (IJG 6b in most builds interpolates 4:4:0 chroma differently and refuses arithmetic
 * coding). Baseline, extended (16-bit quantisation tables), progressive and arithmetic-coded JPEGs with 1, 3 or 4
 * components and any integral sampling factors are decoded; the rows come out in Pillow's mode: L, RGB, or CMYK as
 * Pillow stores it (Adobe-inverted).
 *
 * <p>What Pillow also refuses is refused (12-bit, lossless and hierarchical JPEGs, truncated files, 2 components);
 * so are corrupt data that libjpeg would decode with a warning, and the one case where libjpeg changes pixels in a
 * way not reproduced here: a progressive file whose scans leave low-frequency coefficients incomplete, which libjpeg
 * smooths across blocks.
 *
 * <p>This software is based in part on the work of the Independent JPEG Group: the arithmetic, Huffman, IDCT,
 * upsampling and colour code follows libjpeg-turbo's (IJG and BSD licences).
 */
public final class JpegDecoder {
    private static final int MAX_DIMENSION = 65500;
    private static final int MAX_BLOCKS_IN_MCU = 10;
    /** Natural positions of the first nine AC coefficients, whose quantisers libjpeg's smoothing divides by. */
    private static final int[] SMOOTHING_POSITIONS = {1, 8, 16, 9, 2, 3, 10, 17, 24};
    /** Tables, stream state and other small things a decode allocates whatever the image's size. */
    private static final long FIXED_BYTES = 64L << 10;

    private final JpegStream in;
    private final int[][] quantTables = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private final int[] arithDcL = new int[16];
    private final int[] arithDcU = new int[16];
    private final int[] arithAcK = new int[16];
    private int restartInterval;
    private boolean jfif;
    private boolean adobe;
    private int adobeTransform;
    private boolean progressive;
    private boolean arithmetic;
    private int width;
    private int height;
    private Component[] components;
    private int maxH;
    private int maxV;
    private int mcusPerRow;
    private int mcuRows;
    private RowAssembler.Colour colour;
    private Scan firstScan;
    private boolean decoded;

    private JpegDecoder(byte[] jpeg) {
        this.in = new JpegStream(jpeg);
        Arrays.fill(arithDcU, 1);
        Arrays.fill(arithAcK, 5);
    }

    /** Reads the markers up to the first scan and checks that the image is one this decoder reproduces. */
    public static JpegDecoder open(byte[] jpeg) throws ImageDecodeException {
        if (!sniff(jpeg) || jpeg.length < 3 || (jpeg[2] & 0xFF) != 0xFF) {
            // Pillow recognises a JPEG by FF D8 FF
            throw new ImageDecodeException("not a JPEG: it does not start with a start-of-image marker and a "
                    + "marker");
        }
        JpegDecoder decoder = new JpegDecoder(jpeg);
        decoder.in.pos = 2;
        decoder.firstScan = decoder.readUntilScan(true);
        if (decoder.firstScan == null) {
            throw new ImageDecodeException("corrupt JPEG: it ends before its first scan");
        }
        return decoder;
    }

    /** Whether the bytes start like a JPEG (the start-of-image marker), as Pillow's and ImageIO's sniffers see it. */
    public static boolean sniff(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == JpegStream.SOI;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pillow's mode for this JPEG: L, RGB or CMYK. */
    public ImageMode mode() {
        return components.length == 1 ? ImageMode.L : components.length == 3 ? ImageMode.RGB : ImageMode.CMYK;
    }

    /** Whether the pixels are decoded in one pass (else all coefficients are held until the last scan). */
    public boolean singlePass() {
        return !progressive && firstScan.components.length == components.length;
    }

    /** Heap that {@link #decode} allocates, at most: the coefficients of a multi-scan file, the row rings. */
    public long decodeBytes() {
        long total = FIXED_BYTES + RowAssembler.bytes(components, width, maxH);
        if (!singlePass()) {
            for (Component c : components) {
                total += (long) c.blocksPerLine * c.blocksPerColumn * 64 * Short.BYTES;
            }
        }
        return total;
    }

    /** Decodes the pixels, handing each row in {@link #mode()} to {@code sink}, top to bottom. Once only. */
    public void decode(RowSink sink) throws ImageDecodeException {
        decode(sink, SampleWindow.all(width, height));
    }

    /**
     * Decodes the pixels the window covers: only its rows go to {@code sink}, and only its columns are set in them;
     * blocks holding nothing the window reads are entropy-decoded but not transformed. Once only.
     */
    public void decode(RowSink sink, SampleWindow window) throws ImageDecodeException {
        if (decoded) {
            throw new IllegalStateException("a JpegDecoder decodes once");
        }
        decoded = true;
        int steps = components.length == 1 ? components[0].heightInBlocks : mcuRows;
        if (window.x1() > width || window.y1() > height) {
            throw new IllegalArgumentException("window " + window + " is not inside the " + width + "x" + height
                    + " image");
        }
        RowAssembler rows = new RowAssembler(components, width, height, maxH, maxV, steps, colour, sink, window);
        EntropyDecoder entropy = arithmetic ? new ArithmeticDecoder(in, arithDcL, arithDcU, arithAcK)
                : new HuffmanDecoder(in, dcTables, acTables);
        if (singlePass()) {
            decodeScan(firstScan, entropy, rows);
            if (readUntilScan(false) != null) {
                throw new ImageDecodeException("corrupt JPEG: a second scan after a scan that held every component");
            }
            return;
        }
        for (Component c : components) {
            c.coefficients = new short[Math.multiplyExact(c.blocksPerLine * c.blocksPerColumn, 64)];
        }
        for (Scan scan = firstScan; scan != null; scan = readUntilScan(false)) {
            decodeScan(scan, entropy, null);
        }
        if (progressive) {
            checkComplete();
        }
        InverseDct idct = new InverseDct();
        short[] block = new short[64];
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < components.length; i++) {
                Component c = components[i];
                int blockRowsPerStep = components.length == 1 ? 1 : c.v;
                for (int br = step * blockRowsPerStep; br < (step + 1) * blockRowsPerStep; br++) {
                    if (!rows.neededRow(i, br)) {
                        continue;
                    }
                    int at = rows.ringOffset(i, br);
                    for (int bx = rows.firstBlockColumn(i); bx < rows.endBlockColumn(i); bx++) {
                        InverseDct.dequantize(c.coefficients, (br * c.blocksPerLine + bx) * 64, c.quant, block);
                        transform(idct, hasAc(block), block, rows, i, at + bx * 8);
                    }
                }
            }
            rows.stepDecoded(step);
        }
    }

    /**
     * One scan's blocks; with {@code rows}, each block's samples go straight to the row rings (one-pass files),
     * else its coefficients are kept for the following scans.
     */
    private void decodeScan(Scan scan, EntropyDecoder entropy, RowAssembler rows) throws ImageDecodeException {
        for (Component c : scan.components) {
            if (c.quant == null) {
                if (quantTables[c.quantTable] == null) {
                    throw new ImageDecodeException("corrupt JPEG: component " + c.id + " uses quantisation table "
                            + c.quantTable + ", which is not defined");
                }
                c.quant = quantTables[c.quantTable].clone();
            }
        }
        entropy.start(scan, progressive, rows != null);
        InverseDct idct = rows == null ? null : new InverseDct();
        short[] block = new short[64];
        int togo = restartInterval;
        int restarts = 0;
        if (scan.interleaved()) {
            int[] index = scanComponentIndexes(scan);
            for (int my = 0; my < mcuRows; my++) {
                for (int mx = 0; mx < mcusPerRow; mx++) {
                    if (restartInterval > 0) {
                        if (togo == 0) {
                            entropy.restart(restarts++ & 7);
                            togo = restartInterval;
                        }
                        togo--;
                    }
                    for (int ci = 0; ci < scan.components.length; ci++) {
                        Component c = scan.components[ci];
                        for (int by = 0; by < c.v; by++) {
                            int blockRow = my * c.v + by;
                            for (int bx = 0; bx < c.h; bx++) {
                                int blockCol = mx * c.h + bx;
                                if (rows == null) {
                                    entropy.decode(ci, c.coefficients, (blockRow * c.blocksPerLine + blockCol) * 64);
                                    continue;
                                }
                                boolean ac = entropy.decode(ci, block, 0);
                                if (rows.needed(index[ci], blockRow, blockCol)) {
                                    transform(idct, ac, block, rows, index[ci],
                                            rows.ringOffset(index[ci], blockRow) + blockCol * 8);
                                }
                                clear(block, ac);
                            }
                        }
                    }
                }
                if (rows != null) {
                    rows.stepDecoded(my);
                }
            }
        } else {
            Component c = scan.components[0];
            for (int by = 0; by < c.heightInBlocks; by++) {
                for (int bx = 0; bx < c.widthInBlocks; bx++) {
                    if (restartInterval > 0) {
                        if (togo == 0) {
                            entropy.restart(restarts++ & 7);
                            togo = restartInterval;
                        }
                        togo--;
                    }
                    if (rows == null) {
                        entropy.decode(0, c.coefficients, (by * c.blocksPerLine + bx) * 64);
                        continue;
                    }
                    boolean ac = entropy.decode(0, block, 0);
                    if (rows.needed(0, by, bx)) {
                        transform(idct, ac, block, rows, 0, rows.ringOffset(0, by) + bx * 8);
                    }
                    clear(block, ac);
                }
                if (rows != null) {
                    rows.stepDecoded(by);
                }
            }
        }
        entropy.finish();
    }

    /** The inverse DCT of a dequantised block into component {@code component}'s ring at {@code outAt}. */
    private static void transform(InverseDct idct, boolean ac, short[] block, RowAssembler rows, int component,
                                  int outAt) {
        if (ac) {
            idct.transform(block, 0, rows.ring(component), outAt, rows.stride(component));
        } else {
            InverseDct.transformDc(block, 0, rows.ring(component), outAt, rows.stride(component));
        }
    }

    private static boolean hasAc(short[] block) {
        int any = 0;
        for (int k = 1; k < 64; k++) {
            any |= block[k];
        }
        return any != 0;
    }

    /** Zeroes the block for the next one (the entropy decoder writes only the nonzero coefficients). */
    private static void clear(short[] block, boolean ac) {
        if (ac) {
            Arrays.fill(block, (short) 0);
        } else {
            block[0] = 0;
        }
    }

    private int[] scanComponentIndexes(Scan scan) {
        int[] index = new int[scan.components.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = scan.components[i].index;
        }
        return index;
    }

    /**
     * jdcoefct.c {@code smoothing_ok}: libjpeg smooths blocks across their neighbours when, after the last scan,
     * some of the first nine AC coefficients are still imprecise; that is not reproduced here, so such files are
     * refused, as are files with a component never coded.
     */
    private void checkComplete() throws ImageDecodeException {
        boolean smoothed = false;
        for (Component c : components) {
            if (c.quant == null || c.coefBits[0] < 0) {
                throw new ImageDecodeException("progressive JPEG in which component " + c.id + " is never coded "
                        + "(its DC coefficients have no scan)");
            }
            if (c.quant[0] == 0) {
                return;
            }
            for (int pos : SMOOTHING_POSITIONS) {
                if (c.quant[pos] == 0) {
                    return;
                }
            }
            for (int k = 1; k <= 9; k++) {
                smoothed |= c.coefBits[k] != 0;
            }
        }
        if (smoothed) {
            throw new ImageDecodeException("progressive JPEG whose scans leave low-frequency coefficients imprecise: "
                    + "libjpeg smooths such blocks across their neighbours, which this decoder does not reproduce");
        }
    }

    /**
     * Reads marker segments up to the next scan's header (returned, the stream at its data) or the end of the image
     * (null). The frame header must come before the first scan.
     */
    private Scan readUntilScan(boolean header) throws ImageDecodeException {
        while (true) {
            int marker = in.nextMarker();
            switch (marker) {
                case 0xC0:
                case 0xC1:
                case 0xC2:
                case 0xC9:
                case 0xCA:
                    if (components != null) {
                        throw new ImageDecodeException("corrupt JPEG: a second frame header (SOF)");
                    }
                    readFrame(marker);
                    break;
                case 0xC3:
                case 0xC5:
                case 0xC6:
                case 0xC7:
                case 0xCB:
                case 0xCD:
                case 0xCE:
                case 0xCF:
                    throw new ImageDecodeException("unsupported JPEG: lossless or hierarchical coding (SOF marker 0x"
                            + Integer.toHexString(marker) + "), which Pillow's libjpeg-turbo refuses too");
                case 0xC4:
                    readHuffmanTables();
                    break;
                case 0xCC:
                    readArithmeticConditioning();
                    break;
                case 0xDB:
                    readQuantTables();
                    break;
                case 0xDD:
                    int length = in.u16();
                    if (length != 4) {
                        throw new ImageDecodeException("corrupt JPEG: a DRI segment of length " + length);
                    }
                    restartInterval = in.u16();
                    break;
                case JpegStream.SOS:
                    if (components == null) {
                        throw new ImageDecodeException("corrupt JPEG: a scan before the frame header (SOF)");
                    }
                    return readScan();
                case JpegStream.EOI:
                    if (header) {
                        throw new ImageDecodeException("corrupt JPEG: the image ends before its first scan");
                    }
                    return null;
                case JpegStream.SOI:
                    throw new ImageDecodeException("corrupt JPEG: a second start-of-image marker");
                case 0x01:
                case 0xD0:
                case 0xD1:
                case 0xD2:
                case 0xD3:
                case 0xD4:
                case 0xD5:
                case 0xD6:
                case 0xD7:
                    break; // markers without a segment; libjpeg ignores stray ones
                default:
                    if (marker >= 0xE0 && marker <= 0xEF || marker == 0xFE || marker == 0xDC) {
                        readApplicationSegment(marker);
                        break;
                    }
                    throw new ImageDecodeException("corrupt JPEG: unknown marker 0x" + Integer.toHexString(marker));
            }
        }
    }

    private int segmentEnd() throws ImageDecodeException {
        int start = in.pos;
        int length = in.u16();
        if (length < 2 || start + length > in.data.length) {
            throw length < 2 ? new ImageDecodeException("corrupt JPEG: a marker segment of length " + length)
                    : JpegStream.truncated();
        }
        return start + length;
    }

    /** APP0 JFIF and APP14 Adobe markers decide the colour space (jdmarker.c examine_app0/14); the rest is skipped. */
    private void readApplicationSegment(int marker) throws ImageDecodeException {
        int end = segmentEnd();
        int at = in.pos;
        byte[] d = in.data;
        int length = end - at;
        if (marker == 0xE0 && length >= 14 && d[at] == 'J' && d[at + 1] == 'F' && d[at + 2] == 'I' && d[at + 3] == 'F'
                && d[at + 4] == 0) {
            jfif = true;
        } else if (marker == 0xEE && length >= 12 && d[at] == 'A' && d[at + 1] == 'd' && d[at + 2] == 'o'
                && d[at + 3] == 'b' && d[at + 4] == 'e') {
            adobe = true;
            adobeTransform = d[at + 11] & 0xFF;
        }
        in.pos = end;
    }

    private void readFrame(int marker) throws ImageDecodeException {
        int end = segmentEnd();
        progressive = marker == 0xC2 || marker == 0xCA;
        arithmetic = marker >= 0xC9;
        int precision = in.u8();
        height = in.u16();
        width = in.u16();
        int n = in.u8();
        if (end - in.pos != 3 * n) {
            throw new ImageDecodeException("corrupt JPEG: the frame header's length does not match its " + n
                    + " components");
        }
        if (precision != 8) {
            throw new ImageDecodeException("unsupported JPEG: " + precision + "-bit samples; Pillow's libjpeg-turbo "
                    + "decodes 8-bit JPEGs only");
        }
        if (height == 0) {
            throw new ImageDecodeException("unsupported JPEG: its height is given later by a DNL marker, which "
                    + "libjpeg-turbo does not support either");
        }
        if (width == 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new ImageDecodeException("corrupt JPEG: frame of " + width + "x" + height + " pixels");
        }
        if (n != 1 && n != 3 && n != 4) {
            throw new ImageDecodeException("unsupported JPEG with " + n + " components; Pillow opens 1 (L), "
                    + "3 (RGB) or 4 (CMYK)");
        }
        components = new Component[n];
        for (int i = 0; i < n; i++) {
            int id = in.u8();
            int sampling = in.u8();
            int tq = in.u8();
            int h = sampling >> 4;
            int v = sampling & 15;
            if (h < 1 || h > 4 || v < 1 || v > 4 || tq > 3) {
                throw new ImageDecodeException("corrupt JPEG: component " + id + " has sampling " + h + "x" + v
                        + " and quantisation table " + tq);
            }
            for (int j = 0; j < i; j++) {
                if (components[j].id == id) {
                    throw new ImageDecodeException("unsupported JPEG: two components share the id " + id);
                }
            }
            components[i] = new Component(i, id, h, v, tq);
            maxH = Math.max(maxH, h);
            maxV = Math.max(maxV, v);
        }
        mcusPerRow = ceilDiv(width, 8 * maxH);
        mcuRows = ceilDiv(height, 8 * maxV);
        for (Component c : components) {
            if (maxH % c.h != 0 || maxV % c.v != 0) {
                throw new ImageDecodeException("unsupported JPEG: component " + c.id + " is sampled " + c.h + "x"
                        + c.v + " against " + maxH + "x" + maxV + ", not an integral ratio (libjpeg refuses it too)");
            }
            c.sampleWidth = ceilDiv(width * c.h, maxH);
            c.sampleHeight = ceilDiv(height * c.v, maxV);
            c.widthInBlocks = ceilDiv(c.sampleWidth, 8);
            c.heightInBlocks = ceilDiv(c.sampleHeight, 8);
            c.blocksPerLine = n == 1 ? c.widthInBlocks : mcusPerRow * c.h;
            c.blocksPerColumn = n == 1 ? c.heightInBlocks : mcuRows * c.v;
        }
        colour = colourSpace();
    }

    /** jdapimin.c {@code default_decompress_parms}. */
    private RowAssembler.Colour colourSpace() {
        switch (components.length) {
            case 1:
                return RowAssembler.Colour.GRAY;
            case 3:
                if (jfif) {
                    return RowAssembler.Colour.YCBCR;
                }
                if (adobe) {
                    return adobeTransform == 0 ? RowAssembler.Colour.RGB : RowAssembler.Colour.YCBCR;
                }
                return components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B'
                        ? RowAssembler.Colour.RGB : RowAssembler.Colour.YCBCR;
            default:
                return adobe && adobeTransform != 0 ? RowAssembler.Colour.YCCK : RowAssembler.Colour.CMYK;
        }
    }

    private Scan readScan() throws ImageDecodeException {
        int end = segmentEnd();
        int n = in.u8();
        if (n < 1 || n > 4 || end - in.pos != 2 * n + 3) {
            throw new ImageDecodeException("corrupt JPEG: a scan header (SOS) for " + n + " components");
        }
        Component[] scanComponents = new Component[n];
        int[] dc = new int[n];
        int[] ac = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            int id = in.u8();
            int tables = in.u8();
            for (Component c : components) {
                if (c.id == id) {
                    scanComponents[i] = c;
                }
            }
            if (scanComponents[i] == null) {
                throw new ImageDecodeException("corrupt JPEG: a scan names component " + id + ", not in the frame");
            }
            for (int j = 0; j < i; j++) {
                if (scanComponents[j] == scanComponents[i]) {
                    throw new ImageDecodeException("corrupt JPEG: a scan names component " + id + " twice");
                }
            }
            dc[i] = tables >> 4;
            ac[i] = tables & 15;
            blocks += scanComponents[i].h * scanComponents[i].v;
        }
        int ss = in.u8();
        int se = in.u8();
        int approximation = in.u8();
        int ah = approximation >> 4;
        int al = approximation & 15;
        if (n > 1 && blocks > MAX_BLOCKS_IN_MCU) {
            throw new ImageDecodeException("corrupt JPEG: an MCU of " + blocks + " blocks (at most 10)");
        }
        Scan scan = new Scan(scanComponents, dc, ac, ss, se, ah, al);
        if (progressive) {
            checkProgression(scan);
        }
        return scan;
    }

    /** jdphuff.c / jdarith.c {@code start_pass}: the scan's band must be valid; records the bits it codes. */
    private static void checkProgression(Scan scan) throws ImageDecodeException {
        boolean bad = scan.ss == 0 ? scan.se != 0 : scan.se < scan.ss || scan.se > 63 || scan.components.length != 1;
        bad |= scan.ah != 0 && scan.al != scan.ah - 1;
        bad |= scan.al > 13;
        if (bad) {
            throw new ImageDecodeException("corrupt JPEG: invalid progressive scan (Ss=" + scan.ss + ", Se=" + scan.se
                    + ", Ah=" + scan.ah + ", Al=" + scan.al + ")");
        }
        for (Component c : scan.components) {
            for (int k = scan.ss; k <= scan.se; k++) {
                c.coefBits[k] = scan.al;
            }
        }
    }

    private void readHuffmanTables() throws ImageDecodeException {
        int end = segmentEnd();
        while (in.pos < end) {
            int index = in.u8();
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = in.u8();
                total += counts[i];
            }
            if (total > 256 || in.pos + total > end || (index & 0x0F) > 3 || (index & 0xE0) != 0) {
                throw new ImageDecodeException("corrupt JPEG: a Huffman table (DHT) segment is malformed");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = in.u8();
            }
            boolean isAc = (index & 0x10) != 0;
            (isAc ? acTables : dcTables)[index & 0x0F] = HuffmanTable.of(counts, values, isAc);
        }
        if (in.pos != end) {
            throw new ImageDecodeException("corrupt JPEG: a Huffman table (DHT) segment is malformed");
        }
    }

    private void readQuantTables() throws ImageDecodeException {
        int end = segmentEnd();
        while (in.pos < end) {
            int pq = in.u8();
            int table = pq & 0x0F;
            boolean wide = pq >> 4 != 0;
            if (table > 3 || pq >> 4 > 1) {
                throw new ImageDecodeException("corrupt JPEG: a quantisation table (DQT) segment is malformed");
            }
            int[] q = new int[64];
            for (int k = 0; k < 64; k++) {
                q[EntropyDecoder.NATURAL_ORDER[k]] = wide ? in.u16() : in.u8();
            }
            quantTables[table] = q;
        }
        if (in.pos != end) {
            throw new ImageDecodeException("corrupt JPEG: a quantisation table (DQT) segment is malformed");
        }
    }

    private void readArithmeticConditioning() throws ImageDecodeException {
        int end = segmentEnd();
        while (in.pos + 2 <= end) {
            int index = in.u8();
            int value = in.u8();
            if (index >= 32) {
                throw new ImageDecodeException("corrupt JPEG: arithmetic conditioning (DAC) for table " + index);
            }
            if (index >= 16) {
                arithAcK[index - 16] = value;
            } else {
                arithDcL[index] = value & 0x0F;
                arithDcU[index] = value >> 4;
                if (arithDcL[index] > arithDcU[index]) {
                    throw new ImageDecodeException("corrupt JPEG: arithmetic conditioning (DAC) value " + value);
                }
            }
        }
        if (in.pos != end) {
            throw new ImageDecodeException("corrupt JPEG: an arithmetic conditioning (DAC) segment is malformed");
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
