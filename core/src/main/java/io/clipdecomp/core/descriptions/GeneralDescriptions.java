package io.clipdecomp.core.descriptions;

import static io.clipdecomp.core.descriptions.English.capitalized;
import static io.clipdecomp.core.descriptions.English.withArticle;
import static io.clipdecomp.core.descriptions.GeneralVocabulary.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Every description of the general world: each template of each {@link Category} filled with every fitting
 * choice from {@link GeneralVocabulary}. Descriptions start with a capital letter and have no final period,
 * as "A close-up of a red apple" or "Abandoned factory space".
 */
final class GeneralDescriptions {
    private final CandidatePool pool = new CandidatePool();

    private GeneralDescriptions() {
    }

    /** The pool of all of them, grouped by category id. */
    static CandidatePool pool() {
        GeneralDescriptions d = new GeneralDescriptions();
        d.objects();
        d.scenes();
        d.places();
        d.weather();
        d.light();
        d.colours();
        d.textures();
        d.materials();
        d.counts();
        d.styles();
        d.photos();
        d.moods();
        return d.pool;
    }

    private void add(Category category, String template, String text, String head) {
        pool.add(category.id(), template, capitalized(text), head);
    }

    private void objects() {
        for (Noun n : THINGS) {
            add(Category.OBJECT, "a thing", n.a(), n.singular());
            add(Category.OBJECT, "a photo of a thing", "a photo of " + n.a(), n.singular());
        }
        for (Noun n : SMALL_THINGS) {
            for (String surface : SURFACES) {
                add(Category.OBJECT, "a thing on a surface", n.a() + " on " + surface, n.singular());
            }
        }
        for (List<Noun> kind : List.of(ANIMALS, FOODS, PLANTS, HOUSEHOLD, FURNITURE, CLOTHING, TOOLS, DEVICES,
                VEHICLES, INSTRUMENTS, TOYS, BUILDINGS, PEOPLE)) {
            for (Noun first : kind) {
                for (Noun second : kind) {
                    if (first != second) {
                        add(Category.OBJECT, "a thing next to another", first.a() + " next to " + second.a(),
                                first.singular());
                    }
                }
            }
        }
        for (Noun n : ANIMALS) {
            for (String pose : POSES) {
                add(Category.OBJECT, "an animal in a pose", n.a() + " " + pose, n.singular());
            }
        }
        for (Noun n : PEOPLE) {
            for (String activity : ACTIVITIES) {
                add(Category.OBJECT, "a person doing something", n.a() + " " + activity, n.singular());
            }
        }
    }

    private void scenes() {
        scenes(INDOOR_SCENES, INDOOR_SCENE_ADJECTIVES, "inside ");
        scenes(OUTDOOR_SCENES, OUTDOOR_SCENE_ADJECTIVES, "a view of ");
        for (Noun scene : INDOOR_SCENES) {
            add(Category.SCENE, "the interior of a scene", "the interior of " + scene.a(), scene.singular());
        }
        for (Noun scene : OUTDOOR_SCENES) {
            for (String time : SCENE_TIMES) {
                add(Category.SCENE, "a scene at a time", scene.a() + " at " + time, scene.singular());
            }
        }
    }

    private void scenes(List<Noun> scenes, List<String> adjectives, String lead) {
        for (Noun scene : scenes) {
            for (String adjective : adjectives) {
                add(Category.SCENE, "adjective scene", scene.after(adjective), scene.singular());
                add(Category.SCENE, lead + "a scene", lead + scene.a(adjective), scene.singular());
            }
        }
    }

    private void places() {
        for (Setting place : PLACES) {
            add(Category.PLACE, "photo taken at a place", "photo taken " + place.where(), place.head());
            add(Category.PLACE, "an image of a place", "an image of " + place.phrase(), place.head());
            for (String visitors : VISITORS) {
                add(Category.PLACE, "visitors at a place", visitors + " " + place.where(), place.head());
            }
            for (String time : TIMES) {
                add(Category.PLACE, "a time at a place", time + " " + place.where(), place.head());
            }
            for (String season : SEASONS) {
                add(Category.PLACE, "a season's day at a place", withArticle(season + " day") + " " + place.where(),
                        place.head());
            }
        }
    }

    private void weather() {
        for (Setting setting : WEATHER_SETTINGS) {
            for (String adjective : WEATHER_ADJECTIVES) {
                add(Category.WEATHER, "photo taken in weather", "photo taken " + setting.preposition() + " "
                        + withArticle(adjective + " " + setting.head()), setting.head());
                add(Category.WEATHER, "a weather day", withArticle(adjective + " day") + " " + setting.where(),
                        setting.head());
            }
            for (String covering : COVERINGS) {
                add(Category.WEATHER, "a place covered in", setting.phrase() + " covered in " + covering,
                        setting.head());
            }
            for (Noun phenomenon : PHENOMENA_OVER) {
                add(Category.WEATHER, "weather over a place", phenomenon.a() + " over " + setting.phrase(),
                        phenomenon.singular());
            }
        }
        for (Noun phenomenon : PHENOMENA) {
            add(Category.WEATHER, "weather", phenomenon.a(), phenomenon.singular());
        }
        for (Noun n : OUTDOOR_THINGS) {
            for (String condition : CONDITIONS) {
                add(Category.WEATHER, "a thing in the weather", n.a() + " " + condition, n.singular());
            }
        }
    }

    private void light() {
        for (Noun light : LIGHTS) {
            add(Category.LIGHT, "an image with light", "an image with " + light.a(), light.singular());
            for (Noun n : SMALL_THINGS) {
                add(Category.LIGHT, "a thing in light", n.a() + " in " + light.a(), light.singular());
            }
            for (String surface : LIT_SURFACES) {
                add(Category.LIGHT, "light on a surface", light.a() + " on " + surface, light.singular());
            }
        }
        for (String source : INDOOR_LIGHT_SOURCES) {
            for (Noun scene : INDOOR_SCENES) {
                add(Category.LIGHT, "a room lit by", scene.a() + " lit by " + source, source);
            }
        }
        for (String source : OUTDOOR_LIGHT_SOURCES) {
            for (Noun scene : OUTDOOR_SCENES) {
                add(Category.LIGHT, "a place lit by", scene.a() + " lit by " + source, source);
            }
        }
        for (String light : LIGHT_THROUGH) {
            for (String opening : OPENINGS) {
                add(Category.LIGHT, "light through", light + " through " + opening, opening);
            }
        }
    }

    private void colours() {
        for (String colour : COLOURS) {
            for (Noun n : COLOURABLE) {
                add(Category.COLOUR, "a coloured thing", n.a(colour), n.singular());
            }
            for (Noun backdrop : BACKDROPS) {
                add(Category.COLOUR, "a coloured backdrop", backdrop.a(colour), backdrop.singular());
            }
            add(Category.COLOUR, "colour tones", "an image with " + colour + " tones", colour);
            add(Category.COLOUR, "shades of a colour", "shades of " + colour, colour);
        }
        for (Modified natural : NATURAL_COLOURS) {
            for (Noun n : natural.nouns()) {
                add(Category.COLOUR, "a close-up of a natural colour", "a close-up of " + n.a(natural.word()),
                        n.singular());
                add(Category.COLOUR, "a natural colour", n.a(natural.word()), n.singular());
            }
        }
        for (int i = 0; i < COLOURS.size(); i++) {
            for (int j = i + 1; j < COLOURS.size(); j++) {
                String pair = COLOURS.get(i) + " and " + COLOURS.get(j);
                add(Category.COLOUR, "an image in two colours", "an image in " + pair, COLOURS.get(i));
                for (Noun pattern : PATTERNS) {
                    add(Category.COLOUR, "a two-colour pattern", pattern.a(pair), pattern.singular());
                }
            }
        }
    }

    private void textures() {
        for (Modified texture : TEXTURES) {
            String word = texture.word();
            add(Category.TEXTURE, "a textured surface", withArticle(word + " surface"), word);
            add(Category.TEXTURE, "a texture", withArticle(word + " texture"), word);
            for (Noun n : texture.nouns()) {
                add(Category.TEXTURE, "a textured thing", n.a(word), word);
                add(Category.TEXTURE, "close-up of a textured thing", "close-up of " + n.a(word), word);
            }
        }
    }

    private void materials() {
        for (Modified material : MATERIALS) {
            String word = material.word();
            add(Category.MATERIAL, "an object made of", "an object made of " + word, word);
            add(Category.MATERIAL, "close-up of a material", "close-up of " + word, word);
            add(Category.MATERIAL, "a material's surface", withArticle(material.adjective() + " surface"), word);
            for (Noun n : material.nouns()) {
                add(Category.MATERIAL, "a thing of a material", n.a(material.adjective()), n.singular());
                add(Category.MATERIAL, "a thing made of", n.a() + " made of " + word, n.singular());
            }
        }
        for (String pile : MATERIAL_PILES) {
            add(Category.MATERIAL, "a pile of a material", "a pile of " + pile, pile);
            add(Category.MATERIAL, "a stack of a material", "a stack of " + pile, pile);
        }
    }

    private void counts() {
        for (Noun n : THINGS) {
            for (String number : NUMBERS) {
                add(Category.COUNT, "a number of things", number + " " + n.plural(), n.singular());
            }
            add(Category.COUNT, "a single thing", "a single " + n.singular(), n.singular());
        }
        for (Noun n : OUTDOOR_THINGS) {
            add(Category.COUNT, "a lone thing", "a lone " + n.singular(), n.singular());
        }
        for (Noun n : SMALL_THINGS) {
            for (String number : SMALL_NUMBERS) {
                for (String surface : SURFACES) {
                    add(Category.COUNT, "things on a surface", number + " " + n.plural() + " on " + surface,
                            n.singular());
                }
            }
        }
        for (Modified collective : COLLECTIVES) {
            for (Noun n : collective.nouns()) {
                add(Category.COUNT, "a collective", collective.word() + " " + n.plural(), n.singular());
            }
        }
    }

    private void styles() {
        List<Noun> scenes = new ArrayList<>(INDOOR_SCENES);
        scenes.addAll(OUTDOOR_SCENES);
        for (Noun art : ART_FORMS) {
            add(Category.STYLE, "an art form", art.a(), art.singular());
            for (Noun n : THINGS) {
                add(Category.STYLE, "art of a thing", art.a() + " of " + n.a(), art.singular());
            }
            for (Noun scene : scenes) {
                add(Category.STYLE, "art of a scene", art.a() + " of " + scene.a(), art.singular());
            }
        }
        for (String style : STYLE_ADJECTIVES) {
            add(Category.STYLE, "style art", style + " art", style);
            add(Category.STYLE, "an image in a style", "an image in " + style + " style", style);
            for (Noun artwork : ARTWORKS) {
                add(Category.STYLE, "a styled artwork", artwork.a(style), style);
            }
        }
    }

    private void photos() {
        for (String adjective : PHOTO_ADJECTIVES) {
            add(Category.PHOTO, "a kind of photo", withArticle(adjective + " photo"), adjective);
            for (Noun n : THINGS) {
                add(Category.PHOTO, "a kind of photo of a thing", withArticle(adjective + " photo of " + n.a()),
                        adjective);
            }
        }
        for (Noun shot : OBJECT_SHOTS) {
            for (Noun n : THINGS) {
                add(Category.PHOTO, "a shot of a thing", shot.a() + " of " + n.a(), shot.singular());
            }
        }
        for (Noun shot : PLACE_SHOTS) {
            for (Noun scene : OUTDOOR_SCENES) {
                add(Category.PHOTO, "a shot of a scene", shot.a() + " of " + scene.a(), shot.singular());
            }
            for (Setting place : PLACES) {
                add(Category.PHOTO, "a shot of a place", shot.a() + " of " + place.phrase(), shot.singular());
            }
        }
        for (String effect : EFFECTS) {
            add(Category.PHOTO, "photo with an effect", "photo with " + effect, effect);
            for (Noun n : THINGS) {
                add(Category.PHOTO, "a photo of a thing with an effect", "a photo of " + n.a() + " with " + effect,
                        effect);
            }
        }
        for (String how : TAKEN) {
            add(Category.PHOTO, "photo taken somehow", "photo taken " + how, how);
            for (Noun n : THINGS) {
                add(Category.PHOTO, "a photo of a thing taken somehow", "a photo of " + n.a() + " taken " + how,
                        how);
            }
        }
        for (List<Noun> sitters : List.of(PEOPLE, ANIMALS)) {
            for (Noun n : sitters) {
                add(Category.PHOTO, "a portrait", "a portrait of " + n.a(), n.singular());
            }
        }
    }

    private void moods() {
        List<Noun> scenes = new ArrayList<>(INDOOR_SCENES);
        scenes.addAll(OUTDOOR_SCENES);
        for (String mood : MOODS) {
            add(Category.MOOD, "a mood's atmosphere", withArticle(mood + " atmosphere"), mood);
            add(Category.MOOD, "a mood's scene", withArticle(mood + " scene"), mood);
            for (Noun scene : scenes) {
                add(Category.MOOD, "a scene in a mood", scene.a(mood), mood);
            }
            for (String time : MOOD_TIMES) {
                add(Category.MOOD, "a time in a mood", withArticle(mood + " " + time), mood);
            }
            for (Setting place : PLACES) {
                add(Category.MOOD, "a moment at a place", withArticle(mood + " moment") + " " + place.where(), mood);
            }
        }
        for (String feeling : FEELINGS) {
            add(Category.MOOD, "a feeling", "a feeling of " + feeling, feeling);
            add(Category.MOOD, "an image that evokes a feeling", "an image that evokes " + feeling, feeling);
        }
        for (String mood : PERSON_MOODS) {
            for (Noun n : PEOPLE) {
                add(Category.MOOD, "a person in a mood", n.a(mood), mood);
            }
        }
    }
}
