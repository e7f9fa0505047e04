package io.clipdecomp.core.descriptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of the general world, written for this project: things, people, scenes, places, weather, light,
 * colours, textures, materials, counts, styles, photo properties and moods.
 *
 * <p>Nouns are in the compact form of {@link Noun#of(String)}. Words whose article the simple rule of
 * {@link English#withArticle(String)} gets wrong are left out.
 */
final class GeneralVocabulary {
    static final List<Noun> ANIMALS = Noun.list("dog, cat, horse, cow, sheep/sheep, goat, pig, rabbit, fox, "
            + "wolf/wolves, deer/deer, bear, owl, eagle, parrot, pigeon, duck, swan, goose/geese, frog, turtle, "
            + "snake, lizard, goldfish/goldfish, shark, whale, dolphin, octopus, crab, butterfly, bee, ladybug, "
            + "snail, elephant, giraffe, zebra, lion, tiger, monkey, camel, penguin, flamingo, squirrel, "
            + "hedgehog, kangaroo, koala, panda, raccoon, peacock, jellyfish/jellyfish");
    static final List<Noun> FOODS = Noun.list("apple, banana, lemon, pear, cherry, strawberry, peach, plum, "
            + "tomato/tomatoes, carrot, pumpkin, watermelon, pineapple, coconut, avocado, croissant, donut, "
            + "cupcake, pizza, sandwich, burger, pretzel, egg, cookie, pie, cake, muffin, onion, pepper, "
            + "cucumber, potato/potatoes, bagel, taco, bowl of soup/bowls of soup, cup of coffee/cups of coffee, "
            + "ice cream cone, loaf of bread/loaves of bread, wedge of cheese/wedges of cheese");
    static final List<Noun> PLANTS = Noun.list("tree, oak tree, palm tree, pine tree, willow tree, sunflower, "
            + "rose, tulip, cactus/cacti, fern, bonsai tree, daisy, lily, orchid, lotus flower, dandelion, "
            + "potted plant, maple leaf/maple leaves, pine cone, mushroom, hedge, bush");
    static final List<Noun> HOUSEHOLD = Noun.list("clock, mirror, vase, teapot, mug, cup, bowl, plate, spoon, "
            + "fork, knife/knives, kettle, candle, pillow, basket, bucket, book, notebook, envelope, key, "
            + "padlock, umbrella, suitcase, backpack, wallet, badge, coin, necklace, wristwatch, lamp, jar, "
            + "bottle, frying pan, toothbrush, towel, light bulb, picture frame, alarm clock");
    static final List<Noun> FURNITURE = Noun.list("chair, table, sofa, bed, bookshelf/bookshelves, armchair, "
            + "desk, stool, bench, wardrobe, rocking chair, cabinet, hammock");
    static final List<Noun> CLOTHING = Noun.list("hat, boot, sneaker, scarf/scarves, glove, dress, jacket, "
            + "shirt, sock, tie, raincoat, sweater, helmet, handbag, belt, baseball cap");
    static final List<Noun> TOOLS = Noun.list("hammer, screwdriver, wrench, saw, shovel, rake, drill, pencil, "
            + "pen, paintbrush, ruler, magnifying glass, flashlight, broom, watering can, toolbox");
    static final List<Noun> DEVICES = Noun.list("phone, laptop, keyboard, camera, television, radio, "
            + "microphone, robot, game controller, typewriter, calculator, loudspeaker");
    static final List<Noun> VEHICLES = Noun.list("car, bus, truck, bicycle, motorcycle, train, tram, sailboat, "
            + "ship, canoe, airplane, helicopter, hot air balloon, tractor, scooter, skateboard, rocket, "
            + "submarine, fire truck, taxi, van, rowing boat");
    static final List<Noun> INSTRUMENTS = Noun.list("guitar, violin, piano, drum, trumpet, flute, harp, "
            + "accordion, saxophone, cello, banjo, xylophone");
    static final List<Noun> TOYS = Noun.list("ball, soccer ball, kite, teddy bear, doll, balloon, jigsaw puzzle, "
            + "toy car, toy train, rubber duck, spinning top, chess piece, paper plane");
    static final List<Noun> BUILDINGS = Noun.list("house, cabin, castle, lighthouse, bridge, tower, windmill, "
            + "barn, tent, fountain, statue, gate, fence, staircase, skyscraper, pyramid, hut, treehouse, "
            + "igloo, chapel");
    static final List<Noun> PEOPLE = Noun.list("person/people, child/children, woman/women, man/men, baby, "
            + "chef, firefighter, doctor, nurse, musician, dancer, painter, farmer, astronaut, cyclist, runner, "
            + "surfer, skier, fisherman/fishermen, student, police officer, teacher, old man/old men, "
            + "old woman/old women, girl, boy, family, couple");

    /** Things that fit on a table or a shelf. */
    static final List<Noun> SMALL_THINGS = concat(FOODS, HOUSEHOLD, CLOTHING, TOOLS, DEVICES, TOYS);
    /** Made things, which come in any colour. */
    static final List<Noun> COLOURABLE = concat(HOUSEHOLD, FURNITURE, CLOTHING, VEHICLES, TOYS, DEVICES,
            INSTRUMENTS, BUILDINGS);
    /** Things seen outdoors, in any weather. */
    static final List<Noun> OUTDOOR_THINGS = concat(ANIMALS, PLANTS, VEHICLES, BUILDINGS, PEOPLE);
    /** Every thing and person. */
    static final List<Noun> THINGS = concat(ANIMALS, FOODS, PLANTS, HOUSEHOLD, FURNITURE, CLOTHING, TOOLS,
            DEVICES, VEHICLES, INSTRUMENTS, TOYS, BUILDINGS, PEOPLE);

    static final List<String> POSES = List.of("sleeping", "looking at the camera", "in its natural habitat",
            "seen from behind", "resting in the shade");
    static final List<String> ACTIVITIES = List.of("walking", "sitting on a bench", "reading a book", "laughing",
            "waving", "holding an umbrella", "riding a bicycle", "drinking coffee", "carrying a box",
            "looking out of a window", "at work", "cooking dinner");
    static final List<String> SURFACES = List.of("a table", "a wooden desk", "a kitchen counter", "a shelf",
            "a windowsill", "a bed", "a carpet", "the floor", "the grass", "the sand", "a park bench",
            "a stone step");

    static final List<Noun> INDOOR_SCENES = Noun.list("factory space, warehouse, train station, subway platform, "
            + "parking garage, shopping mall, office, classroom, library, kitchen, living room, bedroom, bathroom, "
            + "hospital corridor, hotel lobby, restaurant, coffee shop, bakery, gym, laundromat, museum hall, "
            + "art gallery, concert hall, theater, laboratory, workshop, airport terminal, attic, basement, "
            + "elevator, waiting room, supermarket aisle, server room, school hallway, ballroom, dining room");
    static final List<String> INDOOR_SCENE_ADJECTIVES = List.of("abandoned", "crowded", "empty", "quiet", "busy",
            "messy", "tidy", "spacious", "cramped", "modern", "old-fashioned", "run-down", "renovated",
            "futuristic");
    static final List<Noun> OUTDOOR_SCENES = Noun.list("market street, alley, city street, highway, harbor, pier, "
            + "farmyard, vineyard, orchard, garden, park, playground, stadium, construction site, gas station, "
            + "campsite, ski slope, swimming pool, rooftop terrace, backyard, courtyard, town square, "
            + "fishing village, parking lot, train yard, junkyard, cemetery, riverside path, boardwalk, "
            + "bus station, amusement park, soccer field, golf course, tennis court, railway crossing");
    static final List<String> OUTDOOR_SCENE_ADJECTIVES = List.of("abandoned", "crowded", "empty", "quiet", "busy",
            "deserted", "overgrown", "flooded", "muddy", "modern", "run-down", "ruined", "noisy", "littered");

    static final List<Setting> PLACES = Setting.list("in a desert; in a rainforest; in a pine forest; "
            + "in a bamboo forest; in a jungle; in a swamp; in a meadow; in a wheat field; in a canyon; in a cave; "
            + "in a valley; in a mountain village; in a small town; in a big city; in a suburb; "
            + "in a seaside town; in a fjord; in a marsh; in a botanical garden; in a night market; in a quarry; "
            + "in an old town; at a waterfall; at a lake shore; at a beach; at a zoo; at an aquarium; "
            + "at a ski resort; at a farm; at a ranch; at an airport; at a bus stop; at a fairground; "
            + "at a temple; at a monastery; at a street market; at a mountain hut; at a wedding; at a concert; "
            + "at a birthday party; at a football match; at a street parade; at a picnic; at a carnival; "
            + "at a graduation ceremony; on a mountain top; on a glacier; on a rocky coast; on a cliff top; "
            + "on an island; on a river bank; on a frozen lake; on a train platform; on the deck of a ship; "
            + "on a volcano");
    static final List<String> VISITORS = List.of("people", "tourists", "a crowd", "friends", "a family",
            "children", "visitors");
    static final List<String> TIMES = List.of("morning", "early morning", "noon", "afternoon", "late afternoon",
            "evening", "night", "midnight", "dawn", "dusk");
    /** Times of day that follow "at". */
    static final List<String> SCENE_TIMES = List.of("dawn", "dusk", "night", "noon", "midnight", "sunrise",
            "sunset");
    static final List<String> SEASONS = List.of("spring", "summer", "autumn", "winter");

    static final List<String> WEATHER_ADJECTIVES = List.of("rainy", "foggy", "snowy", "stormy", "misty", "windy",
            "sunny", "cloudy", "overcast", "frosty", "icy", "hazy", "wet", "freezing");
    static final List<Setting> WEATHER_SETTINGS = Setting.list("in a street; in a field; in a harbor; "
            + "in a forest; on a beach; on a road; in a meadow; in a village; on a rooftop; on a mountain pass; "
            + "on a bridge; in a park; in a city; in a garden; in a parking lot; on a lake; in a valley; "
            + "on a highway; at a train station; at a campsite; in a vineyard; on a pier; in a town square; "
            + "on a farm; on a hill; on a coast");
    static final List<Noun> PHENOMENA = Noun.list("~heavy rain, ~light rain, ~thick fog, ~morning mist, "
            + "~falling snow, ~fresh snow, thunderstorm, rainbow, double rainbow, ~hail, ~frost, ~lightning, "
            + "~storm clouds, tornado, sandstorm, ~morning dew, heat wave, ~puddles, ~icicles, blizzard, "
            + "~drizzle, ~scattered clouds, clear sky, ~strong wind, ~snowdrifts, ~dark clouds");
    /** Weather that can hang over a place. */
    static final List<Noun> PHENOMENA_OVER = Noun.list("~heavy rain, ~thick fog, ~morning mist, ~falling snow, "
            + "~storm clouds, ~lightning, rainbow, ~dark clouds, sandstorm, ~hail, ~scattered clouds");
    static final List<String> COVERINGS = List.of("snow", "frost", "fog", "fallen leaves", "ice", "mud",
            "morning dew");
    static final List<String> CONDITIONS = List.of("in the rain", "in the snow", "in the fog", "in the wind",
            "in a storm", "in the heat");

    static final List<Noun> LIGHTS = Noun.list("~warm light, ~cold light, ~soft light, ~harsh light, ~dim light, "
            + "~low light, ~bright sunlight, ~golden light, ~neon lights, ~candlelight, ~moonlight, ~firelight, "
            + "~lamplight, ~studio lighting, ~dramatic lighting, ~natural light, ~backlighting, ~side lighting, "
            + "~diffused light, ~dappled sunlight, ~long shadows, ~deep shadows, ~sun rays, ~fluorescent light, "
            + "spotlight, ~twilight, ~streetlights, ~fairy lights, ~morning light, ~evening light, "
            + "~overhead light, ~flickering light, ~reflected light, ~stage lights, ~hard shadows, ~blue hour light");
    static final List<String> INDOOR_LIGHT_SOURCES = List.of("candles", "a single lamp", "neon signs",
            "a fireplace", "lanterns", "fairy lights", "a computer screen", "a spotlight", "a chandelier",
            "a bare bulb", "morning sunlight", "a skylight");
    static final List<String> OUTDOOR_LIGHT_SOURCES = List.of("streetlights", "the setting sun", "the full moon",
            "a campfire", "car headlights", "fireworks", "floodlights", "torches", "lanterns", "neon signs",
            "the rising sun", "a lighthouse beam");
    static final List<String> LIGHT_THROUGH = List.of("sunlight", "moonlight", "morning light", "warm light",
            "evening light", "light");
    static final List<String> OPENINGS = List.of("a window", "the trees", "curtains", "stained glass",
            "a doorway", "the clouds", "blinds", "a crack in the wall", "the leaves", "the fog", "a skylight",
            "a keyhole");
    static final List<String> LIT_SURFACES = List.of("a wooden floor", "a brick wall", "a kitchen table",
            "the water", "a white wall", "a tiled floor", "an unmade bed", "the snow", "a stone wall", "a face",
            "a sleeping cat", "an old book");

    static final List<String> COLOURS = List.of("red", "crimson", "scarlet", "orange", "amber", "yellow",
            "golden", "lime green", "green", "olive green", "dark green", "mint green", "teal", "turquoise",
            "light blue", "sky blue", "blue", "navy blue", "dark blue", "indigo", "violet", "purple", "lavender",
            "magenta", "pink", "hot pink", "peach", "beige", "brown", "dark brown", "tan", "grey", "silver",
            "black", "white", "cream");
    /** Things of nature in the colours they come in. */
    static final List<Modified> NATURAL_COLOURS = Modified.list("red: apple, tomato/tomatoes, cherry, pepper, "
            + "rose, tulip, strawberry, onion; green: apple, pear, pepper, leaf/leaves, cucumber, tomato/tomatoes, "
            + "frog, lizard; yellow: banana, lemon, pear, tulip, rose, pepper, sunflower, butterfly; "
            + "orange: carrot, pumpkin, pepper, butterfly, goldfish/goldfish; purple: plum, onion, orchid, tulip; "
            + "white: rose, lily, daisy, swan, egg, mushroom; pink: flamingo, rose, peach, tulip; "
            + "brown: egg, pear, mushroom, bear, horse, potato/potatoes; black: cat, horse, crow, olive");
    static final List<Noun> PATTERNS = Noun.list("striped pattern, checkered pattern, polka dot pattern, "
            + "zigzag pattern, flag");
    static final List<Noun> BACKDROPS = Noun.list("wall, background, door, curtain, carpet, front door");

    static final List<Modified> TEXTURES = Modified.list("rough: stone wall, ~tree bark, ~concrete, rock; "
            + "smooth: pebble, marble floor, river stone, ~glass; glossy: tile, magazine cover, ceramic bowl, "
            + "~paint; matte: ~paint, ceramic vase, ~paper; fluffy: cloud, towel, kitten, pillow; "
            + "furry: blanket, puppy, ~animal hide, rug; wrinkled: shirt, ~bedsheet, ~paper, ~skin; "
            + "cracked: wall, ~dry earth, ~paint, windshield, plate; rusty: door, ~metal, bicycle, nail, gate; "
            + "bumpy: road, ~orange peel, ~toad skin; grainy: ~wood, ~sand, ~photo paper; "
            + "woven: basket, rug, ~fabric, mat; knitted: sweater, scarf/scarves, blanket, hat; "
            + "ribbed: ~cardboard, sweater, ~glass; scaly: ~snake skin, ~fish skin, ~dragon skin; "
            + "spiky: cactus/cacti, hedgehog, ~chestnut shell, ball; polished: ~marble, ~wood, shoe, ~silver; "
            + "weathered: ~wood, fence, ~stone, door; peeling: ~paint, ~wallpaper, ~tree bark, poster; "
            + "mossy: rock, log, stone wall, roof; dusty: shelf, book, ~floor, piano; "
            + "frosted: ~glass, window, cake; shiny: ~metal, coin, ~silk, apple; velvety: petal, ~moss, curtain; "
            + "fuzzy: peach, sweater, caterpillar; porous: ~sponge, stone, ~bread; "
            + "jagged: rock, ~broken glass, mountain ridge; dented: car door, can, bucket; "
            + "scratched: ~wood floor, table, ~plastic, phone screen; quilted: jacket, blanket, ~fabric; "
            + "embossed: ~paper, ~leather, coin; crumpled: ~paper, ~foil, shirt; corrugated: ~metal, ~cardboard, "
            + "roof; pitted: ~stone, ~metal, ~concrete; silky: ~fabric, ~hair, scarf/scarves; muddy: road, boot, "
            + "field, dog; slimy: ~seaweed, snail, rock; leathery: leaf/leaves, ~skin, glove; "
            + "glittery: ~paper, dress, ~nail polish; waxy: leaf/leaves, candle, apple");

    static final List<Modified> MATERIALS = Modified.list("wood|wooden: chair, table, spoon, box, fence, door, "
            + "bench, bowl, boat, ladder, toy train, cabin; glass: vase, bottle, jar, bowl, window, teapot, "
            + "door, table; metal: bucket, gate, fence, box, chair, bench, ladder, mug; steel: bridge, knife/knives, "
            + "bowl, staircase, tower, door; iron: gate, kettle, frying pan, fence, key, lantern; "
            + "copper: kettle, pot, pipe, mug, roof, lamp; brass: bell, key, lamp, trumpet, doorknob, compass; "
            + "gold: ring, necklace, coin, crown, wristwatch, statue, cup; silver: spoon, necklace, ring, coin, tray, "
            + "bracelet, fork; marble: statue, floor, staircase, column, countertop, fountain; "
            + "stone: wall, bridge, house, fountain, statue, staircase, bench; brick: wall, house, chimney, "
            + "tower, path, oven; concrete: wall, bridge, staircase, bench, building, tunnel; "
            + "clay: pot, jar, bowl, figurine, vase, oven; ceramic: mug, vase, plate, bowl, tile, teapot; "
            + "porcelain: cup, doll, vase, plate, teapot; paper: bag, lantern, plane, crane, cup, flower, boat; "
            + "cardboard: box, tube, sign, robot, house; plastic: bottle, bag, chair, toy, bucket, cup, container; "
            + "rubber: ball, duck, boot, tire, glove, hose; leather: jacket, bag, boot, wallet, belt, sofa, saddle; "
            + "wool|woolen: sweater, scarf/scarves, hat, blanket, sock, mitten; cotton: shirt, towel, dress, "
            + "sock, tote bag; silk: dress, scarf/scarves, tie, pillow, kimono; denim: jacket, skirt, bag, shirt; "
            + "velvet: sofa, curtain, dress, armchair; bamboo: basket, fence, chair, raft, bowl; "
            + "wicker: basket, chair, lamp, table; wax: candle, figure, apple; ice: sculpture, cube, castle, "
            + "cave; crystal: glass, chandelier, vase, ball; straw: hat, basket, bag, roof; felt: hat, toy, bag, "
            + "slipper; lace: curtain, dress, glove, tablecloth; granite: countertop, boulder, monument; "
            + "aluminum: can, ladder, pot, tray; tin: can, toy robot, roof, box; cork: board, stopper, coaster");
    /** Raw materials in quantity. */
    static final List<String> MATERIAL_PILES = List.of("wooden planks", "logs", "bricks", "stones",
            "steel beams", "paper", "cardboard boxes", "plastic bottles", "glass bottles", "tiles", "sandbags",
            "copper wire", "scrap metal", "wool", "straw bales");

    static final List<String> NUMBERS = List.of("two", "three", "four", "five", "six", "seven", "a few", "several",
            "many", "a group of", "a row of");
    /** The numbers small enough to count things on a table. */
    static final List<String> SMALL_NUMBERS = List.of("two", "three", "four", "five");
    static final List<Modified> COLLECTIVES = Modified.list("a herd of: cow, horse, sheep/sheep, goat, elephant, "
            + "zebra, deer/deer, camel, giraffe; a flock of: sheep/sheep, pigeon, duck, goose/geese, flamingo, "
            + "parrot, seagull; a school of: goldfish/goldfish, dolphin, jellyfish/jellyfish, fish/fish; "
            + "a swarm of: bee, butterfly, ladybug; a crowd of: person/people, child/children, student; "
            + "a bunch of: banana, rose, tulip, key, balloon, daisy; a pile of: apple, book, coin, "
            + "leaf/leaves, potato/potatoes, pillow, towel; a stack of: book, plate, coin, box, chair, towel, "
            + "pancake; a basket of: apple, egg, strawberry, lemon, mushroom; a shelf of: book, jar, bottle, "
            + "candle; a bowl of: cherry, strawberry, apple, egg, lemon; a field of: sunflower, tulip, daisy, "
            + "dandelion; a line of: car, bus, taxi, person/people, bicycle; a row of: house, tree, chair, "
            + "bicycle, car, umbrella");

    static final List<Noun> ART_FORMS = Noun.list("watercolor painting, oil painting, pencil sketch, "
            + "charcoal drawing, ink drawing, cartoon, comic book illustration, child's drawing, 3D render, "
            + "low poly model, vector illustration, mosaic, stained glass window, origami model, clay sculpture, "
            + "wood carving, cross-stitch pattern, woodcut print, linocut print, screen print, blueprint, "
            + "technical drawing, collage, tattoo design, sticker, icon, poster, postage stamp, "
            + "coloring book page, chalk drawing, pastel drawing, digital painting, anime illustration, "
            + "papercut artwork, sand sculpture, snow sculpture, mural, tapestry, cave painting, neon sign, "
            + "embroidered patch, ~pixel art, ~graffiti, ~concept art, ~clip art, ~line art, ~street art, "
            + "~pop art, ~folk art");
    static final List<String> STYLE_ADJECTIVES = List.of("minimalist", "surrealist", "impressionist", "cubist",
            "art deco", "baroque", "gothic", "futuristic", "retro", "psychedelic", "abstract", "photorealistic",
            "hand-drawn", "geometric", "expressionist", "art nouveau", "steampunk", "pastoral");
    static final List<Noun> ARTWORKS = Noun.list("painting, poster, illustration, sculpture, drawing, pattern, "
            + "design, portrait, landscape, book cover");

    static final List<String> PHOTO_ADJECTIVES = List.of("blurry", "grainy", "overexposed", "underexposed",
            "black and white", "sepia", "high contrast", "low contrast", "vintage", "out-of-focus", "noisy",
            "washed-out", "tilted", "faded", "pixelated", "low resolution", "high resolution", "sharp", "dark",
            "bright", "cropped", "old", "amateur", "professional", "candid");
    static final List<Noun> OBJECT_SHOTS = Noun.list("close-up, macro shot, wide-angle shot, low-angle shot, "
            + "high-angle shot, top-down view, side view, rear view, silhouette, reflection, double exposure, "
            + "snapshot, studio photo, night photo, cropped photo");
    static final List<Noun> PLACE_SHOTS = Noun.list("aerial view, panoramic photo, drone shot, "
            + "long exposure photo, tilt-shift photo, night photo, wide-angle shot, postcard photo");
    static final List<String> EFFECTS = List.of("shallow depth of field", "motion blur", "a vignette",
            "lens flare", "strong bokeh", "a tilted horizon", "chromatic aberration", "film grain",
            "fisheye distortion", "harsh flash", "light leaks", "a watermark", "a date stamp", "red eyes",
            "a shaky frame");
    static final List<String> TAKEN = List.of("with a flash", "with a phone", "through a window",
            "from a high angle", "from below", "from a moving car", "through a fence", "with a zoom lens",
            "at night", "into the sun", "from a distance", "through a dirty window");

    static final List<String> MOODS = List.of("peaceful", "eerie", "joyful", "melancholic", "tense", "cozy",
            "lonely", "festive", "dreamy", "mysterious", "chaotic", "calm", "nostalgic", "romantic", "gloomy",
            "playful", "serene", "ominous", "cheerful", "somber", "whimsical", "hopeful", "dramatic", "tranquil",
            "spooky", "relaxing", "lively", "solemn", "desolate", "welcoming", "energetic", "sleepy");
    static final List<String> PERSON_MOODS = List.of("cheerful", "lonely", "tired", "angry", "happy", "sad",
            "bored", "excited", "worried", "proud", "thoughtful", "calm", "surprised", "confused", "nervous",
            "relaxed");
    static final List<String> FEELINGS = List.of("solitude", "calm", "joy", "nostalgia", "wonder", "danger",
            "celebration", "tension", "freedom", "isolation", "warmth", "mystery", "sadness", "excitement", "hope",
            "comfort", "chaos", "serenity", "awe", "dread", "longing", "safety");
    static final List<String> MOOD_TIMES = List.of("morning", "afternoon", "evening", "night", "day",
            "winter morning", "summer evening", "Sunday afternoon");

    private GeneralVocabulary() {
    }

    @SafeVarargs
    private static List<Noun> concat(List<Noun>... lists) {
        List<Noun> all = new ArrayList<>();
        for (List<Noun> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
