package io.clipdecomp.core.shapes;

/** Where an object sits on the canvas, as captions say it. */
public enum Position {
    LEFT("left", "on the left", -1, 0),
    RIGHT("right", "on the right", 1, 0),
    TOP("top", "at the top", 0, -1),
    BOTTOM("bottom", "at the bottom", 0, 1),
    CENTER("center", "in the center", 0, 0);

    private final String word;
    private final String phrase;
    private final int directionX;
    private final int directionY;

    Position(String word, String phrase, int directionX, int directionY) {
        this.word = word;
        this.phrase = phrase;
        this.directionX = directionX;
        this.directionY = directionY;
    }

    public String word() {
        return word;
    }

    /** The prepositional phrase captions use, e.g. "on the left". */
    public String phrase() {
        return phrase;
    }

    /** -1 towards the left edge, 1 towards the right, 0 centred horizontally. */
    public int directionX() {
        return directionX;
    }

    /** -1 towards the top edge, 1 towards the bottom, 0 centred vertically. */
    public int directionY() {
        return directionY;
    }

    /** The position on the other side of the canvas (CENTER stays CENTER). */
    public Position opposite() {
        switch (this) {
            case LEFT:
                return RIGHT;
            case RIGHT:
                return LEFT;
            case TOP:
                return BOTTOM;
            case BOTTOM:
                return TOP;
            default:
                return CENTER;
        }
    }
}
