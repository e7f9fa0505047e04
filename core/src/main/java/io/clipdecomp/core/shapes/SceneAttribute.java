package io.clipdecomp.core.shapes;

import java.util.function.ToIntFunction;

/** A known attribute of a one-object scene, as a class index: what a probe of a head's contribution predicts. */
public enum SceneAttribute {
    SHAPE("shape", Shape.values().length, s -> s.objects().get(0).shape().ordinal()),
    COLOUR("colour", ShapeColour.values().length, s -> s.objects().get(0).colour().ordinal()),
    SIZE("size", ObjectSize.values().length, s -> s.objects().get(0).size().ordinal()),
    POSITION("position", Position.values().length, s -> s.objects().get(0).position().ordinal()),
    BACKGROUND("background", Background.values().length, s -> s.background().ordinal());

    private final String word;
    private final int classes;
    private final ToIntFunction<Scene> classOf;

    SceneAttribute(String word, int classes, ToIntFunction<Scene> classOf) {
        this.word = word;
        this.classes = classes;
        this.classOf = classOf;
    }

    /** The attribute's name in reports. */
    public String word() {
        return word;
    }

    /** Number of values it takes. */
    public int classes() {
        return classes;
    }

    /** The class of {@code scene} (its first object's, for object attributes). */
    public int classOf(Scene scene) {
        if (this != BACKGROUND && scene.objects().isEmpty()) {
            throw new IllegalArgumentException("a scene without objects has no " + word);
        }
        return classOf.applyAsInt(scene);
    }
}
