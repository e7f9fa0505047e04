package io.clipdecomp.core.preprocess;

/**
 * When the image becomes RGB in the eval transform. The two upstream call sites differ, and so do their pixels
 * for RGBA and palette files (Pillow resizes those specially in their own mode).
 */
public enum ColourConversion {
    /**
     * Before resizing, as torchvision's dataset loaders do ({@code Image.open(f).convert('RGB')}, then the
     * transform): what compute_prs.py decomposes.
     */
    BEFORE_RESIZE,
    /**
     * After the crop, as the notebooks' {@code preprocess(Image.open(path))}: resize and crop run in the file's
     * own mode (premultiplied for alpha, nearest for palette) and the transform converts to RGB afterwards.
     */
    AFTER_CROP
}
