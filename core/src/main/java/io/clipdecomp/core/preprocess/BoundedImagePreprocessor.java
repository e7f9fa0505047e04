package io.clipdecomp.core.preprocess;

import java.util.Objects;

/**
 * Encoded image bytes to model pixels within {@link ImageLimits}: the byte limit, then the header (pixel limit,
 * data enough for the claimed size), then the estimated decode and resize memory leased from a
 * {@link DecodeBudget} before anything large is allocated. Running out of memory all the same fails this
 * image only.
 */
public final class BoundedImagePreprocessor {
    private final ClipImagePreprocessor preprocessor;
    private final ImageLimits limits;
    private final DecodeBudget budget;

    public BoundedImagePreprocessor(ClipImagePreprocessor preprocessor, ImageLimits limits, DecodeBudget budget) {
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * The model input of {@code encoded}, as {@link ClipImagePreprocessor#toPixels}; waits while other decodes
     * hold the budget this one needs.
     *
     * @throws ImageDecodeException if the image is over a limit, corrupt, or could not get the memory it needs
     */
    @SuppressWarnings("try") // the lease holds the decode budget while the image is prepared
    public float[] toPixels(byte[] encoded, ColourConversion when) throws ImageDecodeException, InterruptedException {
        limits.checkBytes(encoded.length);
        try (OpenImage image = ImageDecoder.open(encoded, limits.maxPixels())) {
            long needed = image.decodeBytes() + workingBytes(image);
            try (DecodeBudget.Lease lease = lease(image, needed)) {
                return preprocessor.toPixels(image, when);
            } catch (OutOfMemoryError e) {
                throw new ImageDecodeException("ran out of memory preparing this " + image.width() + "x"
                        + image.height() + " image (estimated " + DecodeBudget.mebibytes(needed) + " MiB; lower "
                        + ImageLimits.DECODE_BUDGET_OPTION + " or give the JVM more heap)", e);
            }
        }
    }

    private DecodeBudget.Lease lease(OpenImage image, long needed) throws ImageDecodeException, InterruptedException {
        try {
            return budget.acquire(needed);
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException("decoding and resizing this " + image.width() + "x" + image.height() + " "
                    + image.format() + " " + e.getMessage(), e);
        }
    }

    private long workingBytes(OpenImage image) throws ImageDecodeException {
        try {
            return preprocessor.workingBytes(image.width(), image.height());
        } catch (IllegalArgumentException e) {
            throw new ImageDecodeException(e.getMessage(), e);
        }
    }
}
