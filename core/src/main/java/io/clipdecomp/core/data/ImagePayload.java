package io.clipdecomp.core.data;

/** What a dataset item carries: an encoded image file to decode, or pixels already preprocessed. */
public sealed interface ImagePayload permits EncodedImage, PreprocessedPixels {
}
