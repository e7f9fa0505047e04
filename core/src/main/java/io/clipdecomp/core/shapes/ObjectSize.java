package io.clipdecomp.core.shapes;

/** Object sizes as words, each a range of radii relative to the canvas side. */
public enum ObjectSize {
    SMALL("small", 0.13, 0.17),
    LARGE("large", 0.22, 0.27);

    private final String word;
    private final double minRadius;
    private final double maxRadius;

    ObjectSize(String word, double minRadius, double maxRadius) {
        this.word = word;
        this.minRadius = minRadius;
        this.maxRadius = maxRadius;
    }

    public String word() {
        return word;
    }

    /** Smallest radius as a fraction of the canvas side. */
    public double minRadius() {
        return minRadius;
    }

    /** Largest radius as a fraction of the canvas side. */
    public double maxRadius() {
        return maxRadius;
    }
}
