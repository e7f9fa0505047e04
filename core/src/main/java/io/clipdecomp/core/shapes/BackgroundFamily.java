package io.clipdecomp.core.shapes;

/** The coarse kind of a background; WATER and LAND are the two places of the Waterbirds layout. */
public enum BackgroundFamily {
    /** Land textures; Waterbirds place 0. */
    LAND("land", 0),
    /** Water textures; Waterbirds place 1. */
    WATER("water", 1),
    /** Plain and patterned backgrounds, neither land nor water. */
    OTHER(null, -1);

    private final String word;
    private final int place;

    BackgroundFamily(String word, int place) {
        this.word = word;
        this.place = place;
    }

    /** The word captions use for the whole family ("water", "land"), or null for OTHER. */
    public String word() {
        return word;
    }

    /** The Waterbirds {@code place} value (0 land, 1 water), or -1 for OTHER. */
    public int place() {
        return place;
    }

    /** The family whose Waterbirds {@code place} value is given. */
    public static BackgroundFamily ofPlace(int place) {
        switch (place) {
            case 0:
                return LAND;
            case 1:
                return WATER;
            default:
                throw new IllegalArgumentException("place must be 0 (land) or 1 (water), got " + place);
        }
    }
}
