package io.clipdecomp.core.preprocess;

import java.nio.charset.StandardCharsets;

/**
 * Netpbm images (PBM P1/P4, PGM P2/P5, PPM P3/P6) as Pillow 9.4's {@code PpmImagePlugin} reads them, which the
 * JDK cannot. Modes: P1/P4 are Pillow's "1" (held as P with a black and white palette, resized nearest as Pillow
 * resizes "1"); gray is L, or I when maxval is over 255; colour is RGB. Samples of a maxval other than 255 are
 * scaled as Pillow scales them, {@code round(v / maxval * 255)} (65535 for mode I, then clipped by
 * {@code convert('RGB')}), except a P5 of maxval 65535, which Pillow reads raw as I;16B. Rows are handed on as
 * they are read; nothing image-sized is allocated.
 */
final class PnmSource implements ImageSource {
    private static final int MAX_TOKEN = 10;
    private static final int[] BLACK_AND_WHITE = {0x000000, 0xFFFFFF};

    private final byte[] data;
    private final char kind;
    private final int width;
    private final int height;
    private final int maxval;
    private final ImageMode mode;
    /** Where the samples start, just after the single whitespace that ends the header. */
    private final int start;
    private int pos;

    private PnmSource(byte[] data) throws ImageDecodeException {
        this.data = data;
        this.kind = (char) data[1];
        pos = 2;
        if (pos < data.length && !whitespace(data[pos])) {
            throw new ImageDecodeException("not a PNM image Pillow reads: its magic number is not P1 to P6");
        }
        pos++;
        width = headerInt("width");
        height = headerInt("height");
        boolean bitmap = kind == '1' || kind == '4';
        maxval = bitmap ? 1 : headerInt("maxval");
        if (maxval < 1 || maxval > 65535) {
            throw new ImageDecodeException("PNM maxval must be 1 to 65535, got " + maxval);
        }
        boolean gray = kind == '2' || kind == '5';
        mode = bitmap ? ImageMode.P : gray ? maxval > 255 ? ImageMode.I : ImageMode.L : ImageMode.RGB;
        start = pos;
        long values = (long) width * height * (mode == ImageMode.RGB ? 3 : 1);
        long needed;
        if (kind == '4') {
            needed = (long) (width + 7) / 8 * height;
        } else if (kind >= '4') {
            needed = values * (maxval > 255 ? 2 : 1);
        } else {
            // plain: every value takes a character, and all but P1's a separator too
            needed = kind == '1' ? values : 2 * values - 1;
        }
        if (width > 0 && height > 0 && data.length - start < needed) {
            throw new ImageDecodeException("truncated PNM: the header claims " + width + "x" + height + " pixels ("
                    + needed + " bytes at least), the file holds " + (data.length - start) + " bytes of samples");
        }
    }

    /** Whether the bytes start like a Netpbm image Pillow recognises ({@code _accept}: "P" and a digit). */
    static boolean sniff(byte[] b) {
        return b.length >= 2 && b[0] == 'P' && "0123456y".indexOf(b[1]) >= 0;
    }

    /** The header of a Netpbm image; P0 and Pillow's test-only "Py" extensions are refused. */
    static PnmSource open(byte[] data) throws ImageDecodeException {
        if (data[1] < '1' || data[1] > '6') {
            throw new ImageDecodeException("unsupported PNM variant P" + (char) data[1] + ": only P1 to P6 are read");
        }
        return new PnmSource(data);
    }

    @Override
    public String format() {
        return kind == '1' || kind == '4' ? "pbm" : kind == '2' || kind == '5' ? "pgm" : "ppm";
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public long decodeBytes() {
        return 4L * width + (1 << 16);
    }

    @Override
    public void decode(ImageSink sink) throws ImageDecodeException {
        sink.begin(width, height, mode, mode == ImageMode.P ? BLACK_AND_WHITE.clone() : null);
        int bands = mode == ImageMode.RGB ? 3 : 1;
        byte[] row = new byte[width * bands];
        pos = start;
        for (int y = 0; y < height; y++) {
            switch (kind) {
                case '4':
                    for (int x = 0; x < width; x++) {
                        // "1;I": a set bit is black
                        int bit = data[pos + x / 8] >> (7 - x % 8) & 1;
                        row[x] = (byte) (1 - bit);
                    }
                    pos += (width + 7) / 8;
                    break;
                case '5':
                case '6':
                    rawRow(row);
                    break;
                case '1':
                    for (int x = 0; x < width; x++) {
                        row[x] = (byte) (bitmapToken() == '0' ? 1 : 0);
                    }
                    break;
                default:
                    for (int i = 0; i < row.length; i++) {
                        int v = plainToken();
                        if (v > maxval) {
                            throw new ImageDecodeException("PNM sample " + v + " is over its maxval " + maxval);
                        }
                        row[i] = scaled(v);
                    }
                    break;
            }
            sink.row(y, row, 0);
        }
    }

    private void rawRow(byte[] row) {
        if (maxval == 255) {
            System.arraycopy(data, pos, row, 0, row.length);
            pos += row.length;
        } else if (maxval < 256) {
            for (int i = 0; i < row.length; i++) {
                row[i] = scaled(data[pos++] & 0xFF);
            }
        } else {
            for (int i = 0; i < row.length; i++) {
                int v = (data[pos] & 0xFF) << 8 | data[pos + 1] & 0xFF;
                pos += 2;
                // P5 of maxval 65535 is read raw (I;16B); every other wide maxval is scaled (and clipped above it)
                row[i] = maxval == 65535 && mode == ImageMode.I ? (byte) Math.min(v, 255) : scaled(v);
            }
        }
    }

    /** Pillow's scaling to 255 (L, RGB) or 65535 (I), then what convert('RGB') keeps of it. */
    private byte scaled(int v) {
        int outMax = mode == ImageMode.I ? 65535 : 255;
        long value = Math.min(outMax, (long) Math.rint((double) v / maxval * outMax));
        return (byte) Math.min(value, 255);
    }

    @Override
    public void close() {
        // nothing is held beyond the encoded bytes
    }

    /** PpmImageFile._read_token: whitespace-separated, a '#' skips to the end of its line even inside a token. */
    private int headerInt(String what) throws ImageDecodeException {
        StringBuilder token = new StringBuilder();
        while (token.length() <= MAX_TOKEN) {
            if (pos >= data.length) {
                break;
            }
            byte c = data[pos++];
            if (whitespace(c)) {
                if (token.length() == 0) {
                    continue;
                }
                break;
            }
            if (c == '#') {
                while (pos < data.length && data[pos] != '\r' && data[pos] != '\n') {
                    pos++;
                }
                pos++;
                continue;
            }
            token.append((char) (c & 0xFF));
        }
        if (token.length() == 0 || token.length() > MAX_TOKEN) {
            throw new ImageDecodeException("corrupt PNM header: no valid " + what);
        }
        try {
            return Integer.parseInt(token.toString());
        } catch (NumberFormatException e) {
            throw new ImageDecodeException("corrupt PNM header: its " + what + " is \"" + token + "\"", e);
        }
    }

    /** One plain sample: digits up to whitespace; a comment is cut out with its line end, joining what surrounds it. */
    private int plainToken() throws ImageDecodeException {
        int value = 0;
        int digits = 0;
        while (pos < data.length) {
            byte c = data[pos];
            if (c == '#') {
                skipComment();
                continue;
            }
            if (whitespace(c)) {
                pos++;
                if (digits > 0) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '9' || ++digits > MAX_TOKEN) {
                throw new ImageDecodeException("corrupt PNM data: \""
                        + new String(data, pos, Math.min(MAX_TOKEN, data.length - pos), StandardCharsets.ISO_8859_1)
                        + "\" is not a sample value");
            }
            value = value * 10 + (c - '0');
            pos++;
        }
        if (digits == 0) {
            throw new ImageDecodeException("truncated PNM: the file ends before its last sample");
        }
        return value;
    }

    /** One plain bitmap pixel: '0' or '1', whitespace between them optional. */
    private int bitmapToken() throws ImageDecodeException {
        while (pos < data.length) {
            byte c = data[pos++];
            if (c == '#') {
                pos--;
                skipComment();
            } else if (c == '0' || c == '1') {
                return c;
            } else if (!whitespace(c)) {
                throw new ImageDecodeException("corrupt PBM data: '" + (char) (c & 0xFF) + "' is not 0 or 1");
            }
        }
        throw new ImageDecodeException("truncated PBM: the file ends before its last pixel");
    }

    private void skipComment() {
        while (pos < data.length && data[pos] != '\r' && data[pos] != '\n') {
            pos++;
        }
        pos++;
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
