package io.clipdecomp.core.preprocess;

/** Pixel layouts we keep apart, named as Pillow names them, because Pillow treats each differently. */
public enum ImageMode {
    /** 8-bit grayscale, one band. */
    L(1),
    /** 8-bit grayscale with alpha, two bands. */
    LA(2),
    /** 8-bit red, green, blue. */
    RGB(3),
    /** 8-bit red, green, blue, alpha (not premultiplied). */
    RGBA(4),
    /** One band of palette indices; the colours are in {@link RasterImage#palette()}. */
    P(1),
    /**
     * 8-bit cyan, magenta, yellow, black ink as Pillow holds it (0 = no ink; Adobe JPEGs store it inverted). Resized
     * band by band like RGB; {@code convert('RGB')} is {@code cmyk2rgb}.
     */
    CMYK(4),
    /**
     * Grayscale wider than 8 bits, Pillow's mode I (16-bit PNG and PGM) or I;16 (16-bit TIFF), held as
     * {@code convert('RGB')} sees it: clipped to 0..255. Pillow resizes mode I on the unclipped values and cannot
     * resize I;16 at all, so only converting to RGB before resizing is reproduced.
     */
    I(1);

    private final int bands;

    ImageMode(int bands) {
        this.bands = bands;
    }

    /** Number of 8-bit samples per pixel. */
    public int bands() {
        return bands;
    }
}
