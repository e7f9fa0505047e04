package io.clipdecomp.core.preprocess;

import java.nio.charset.StandardCharsets;

/**
 * Refuses, before anything is allocated, PNG and JPEG files whose header claims more pixels than their data
 * could hold, and JPEGs with so many scans that decoding them would take hours. Decoders allocate the whole
 * image from the header and only then find the data missing: a 1.5 KB JPEG claiming 13000 x 13000 pixels
 * would take gigabytes before failing.
 *
 * <p>The bounds are those of the formats, so no valid file is refused. Deflate compresses at most 1032:1
 * (a 258-byte match in two bits); we allow 1100:1 of the PNG's IDAT bytes. A Huffman-coded JPEG spends at
 * least one bit on every 8 x 8 block of every component in its first scan, and a component covers at least a
 * quarter of the width and height, so N bytes hold at most {@code N * 8 * 64 * 16} pixels. Real bombs within
 * these bounds (deflate of a blank image) are left to the pixel limit and the decode budget.
 */
final class EncodedDataCheck {
    /** Above deflate's 1032:1, so only impossible claims are refused. */
    static final long PNG_MAX_INFLATE_RATIO = 1100;
    /** One bit per 8 x 8 block of a component subsampled 4 x 4. */
    static final long JPEG_MAX_PIXELS_PER_BYTE = 8L * 64 * 16;
    /** Progressive JPEGs have about ten scans; each scan walks the whole image again. */
    static final int JPEG_MAX_SCANS = 1000;
    private static final int PNG_SIGNATURE_LENGTH = 8;
    private static final int SOS = 0xDA;

    private EncodedDataCheck() {
    }

    /** Checks a PNG's IDAT bytes against the raw size its IHDR (already read by the decoder) implies. */
    static void png(byte[] png, int width, int height) throws ImageDecodeException {
        if (png.length < 33) {
            throw new ImageDecodeException("PNG of " + png.length + " bytes is too short for its IHDR header");
        }
        int bitDepth = png[24] & 0xFF;
        int channels = pngChannels(png[25] & 0xFF);
        long rawBytes = (long) width * height * channels * bitDepth / 8;
        long idat = idatBytes(png);
        if (rawBytes > idat * PNG_MAX_INFLATE_RATIO) {
            throw new ImageDecodeException("the PNG header claims " + width + "x" + height + " pixels (" + rawBytes
                    + " bytes of samples), but its " + idat + " bytes of image data cannot hold that much even at "
                    + "deflate's best ratio: the file is truncated or forged");
        }
    }

    /**
     * Checks a JPEG's size against the pixels its header claims, and counts its scans if {@code multiScan} (a
     * one-pass JPEG's decoder refuses a second scan when it meets one).
     */
    static void jpeg(byte[] jpeg, int width, int height, boolean multiScan) throws ImageDecodeException {
        long pixels = (long) width * height;
        if (pixels > jpeg.length * JPEG_MAX_PIXELS_PER_BYTE) {
            throw new ImageDecodeException("the JPEG header claims " + width + "x" + height + " pixels, but its "
                    + jpeg.length + " bytes can hold at most " + jpeg.length * JPEG_MAX_PIXELS_PER_BYTE
                    + " pixels (one bit per 8x8 block): the file is truncated or forged");
        }
        int scans = multiScan ? jpegScans(jpeg) : 1;
        if (scans > JPEG_MAX_SCANS) {
            throw new ImageDecodeException("the JPEG has " + scans + " scans, more than " + JPEG_MAX_SCANS
                    + "; every scan decodes the whole image again, so it would take too long");
        }
    }

    private static int pngChannels(int colourType) throws ImageDecodeException {
        switch (colourType) {
            case 0:
            case 3:
                return 1;
            case 2:
                return 3;
            case 4:
                return 2;
            case 6:
                return 4;
            default:
                throw new ImageDecodeException("unsupported PNG colour type " + colourType);
        }
    }

    /** The IDAT chunks' data bytes, as far as the file holds them. */
    private static long idatBytes(byte[] png) {
        long total = 0;
        long at = PNG_SIGNATURE_LENGTH;
        while (at + 8 <= png.length) {
            long length = readInt(png, (int) at) & 0xFFFFFFFFL;
            String type = new String(png, (int) at + 4, 4, StandardCharsets.ISO_8859_1);
            long present = Math.min(length, png.length - (at + 8));
            if (type.equals("IDAT")) {
                total += present;
            } else if (type.equals("IEND")) {
                break;
            }
            at += 12 + length;
        }
        return total;
    }

    /**
     * Start-of-scan markers, found by walking the marker segments and skipping entropy-coded data, where 0xFF is
     * followed by 0x00 (a stuffed byte) or a restart marker.
     */
    private static int jpegScans(byte[] b) {
        int scans = 0;
        int at = 2;
        while (at + 1 < b.length) {
            if ((b[at] & 0xFF) != 0xFF) {
                at++;
                continue;
            }
            int marker = b[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0x00 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                at += 2;
                continue;
            }
            if (marker == 0xD9 || at + 3 >= b.length) {
                break;
            }
            int length = (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
            at += 2 + length;
            if (marker == SOS) {
                scans++;
            }
        }
        return scans;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
