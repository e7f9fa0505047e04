package io.clipdecomp.core.descriptions;

import java.util.Locale;

/** What a description of the general world is mainly about; the selection takes the categories in turns. */
public enum Category {
    OBJECT,
    SCENE,
    PLACE,
    WEATHER,
    LIGHT,
    COLOUR,
    TEXTURE,
    MATERIAL,
    COUNT,
    STYLE,
    PHOTO,
    MOOD;

    /** The category's name in lower case, the {@link Description#group()} of its descriptions. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
