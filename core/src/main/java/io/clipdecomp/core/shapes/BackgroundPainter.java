package io.clipdecomp.core.shapes;

import java.util.SplittableRandom;

/**
 * Paints the procedural background textures: every parameter (phase, wavelength, tone, noise) comes from
 * the given random source, so a texture is fixed by its seed.
 *
 * <p>Water is blue (ocean: dark waves in horizontal bands with a few foam crests; lake: lighter teal with
 * concentric ripples), land is green or beige (grass: vertical blades; sand: speckled dunes), and the
 * plain and patterned kinds are neutral greys so that every object colour stands out on them.
 */
final class BackgroundPainter {
    private static final int SINE_STEPS = 1024;
    private static final float[] SINE = new float[SINE_STEPS];

    static {
        for (int i = 0; i < SINE_STEPS; i++) {
            SINE[i] = (float) Math.sin(2 * Math.PI * i / SINE_STEPS);
        }
    }

    private BackgroundPainter() {
    }

    /**
     * Fills {@code rgb} (interleaved RGB, {@code size x size}) with a texture of the given kind.
     */
    static void paint(Background kind, byte[] rgb, int size, SplittableRandom random) {
        switch (kind) {
            case OCEAN:
                ocean(rgb, size, random);
                break;
            case LAKE:
                lake(rgb, size, random);
                break;
            case GRASS:
                grass(rgb, size, random);
                break;
            case SAND:
                sand(rgb, size, random);
                break;
            case PLAIN:
                plain(rgb, size, random);
                break;
            case STRIPES:
                stripes(rgb, size, random);
                break;
            case CHECKS:
                checks(rgb, size, random);
                break;
            default:
                throw new IllegalStateException("no texture for background " + kind);
        }
    }

    /** sin(2 pi turns) from a table: textures need speed, not precision. */
    private static float sineOfTurns(double turns) {
        return SINE[(int) Math.floor(turns * SINE_STEPS) & (SINE_STEPS - 1)];
    }

    private static void ocean(byte[] rgb, int size, SplittableRandom random) {
        double wavelength = size * (0.10 + 0.08 * random.nextDouble());
        double tilt = 0.15 + 0.25 * random.nextDouble();
        double sway = size * (0.3 + 0.4 * random.nextDouble());
        double phase = random.nextDouble();
        double swayPhase = random.nextDouble();
        float[] shift = new float[size];
        for (int x = 0; x < size; x++) {
            shift[x] = (float) (tilt * sineOfTurns(x / sway + swayPhase));
        }
        int i = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++, i += 3) {
                float s = sineOfTurns(y / wavelength + shift[x] + phase);
                int noise = random.nextInt(9) - 4;
                if (s > 0.94f) {
                    put(rgb, i, 150 + noise, 195 + noise, 225 + noise);
                } else {
                    float t = (s + 1f) * 0.5f;
                    put(rgb, i, lerp(15, 50, t) + noise, lerp(60, 125, t) + noise, lerp(135, 190, t) + noise);
                }
            }
        }
    }

    private static void lake(byte[] rgb, int size, SplittableRandom random) {
        double centreX = size * (-0.2 + 1.4 * random.nextDouble());
        double centreY = size * (-0.2 + 1.4 * random.nextDouble());
        double wavelength = size * (0.07 + 0.06 * random.nextDouble());
        double phase = random.nextDouble();
        int i = 0;
        for (int y = 0; y < size; y++) {
            double dy = y + 0.5 - centreY;
            for (int x = 0; x < size; x++, i += 3) {
                double dx = x + 0.5 - centreX;
                float t = (sineOfTurns(Math.sqrt(dx * dx + dy * dy) / wavelength + phase) + 1f) * 0.5f;
                int noise = random.nextInt(7) - 3;
                put(rgb, i, lerp(55, 100, t) + noise, lerp(120, 165, t) + noise, lerp(145, 185, t) + noise);
            }
        }
    }

    private static void grass(byte[] rgb, int size, SplittableRandom random) {
        float[] blade = new float[size];
        for (int x = 0; x < size; x++) {
            blade[x] = (float) random.nextDouble();
        }
        double sway = size * (0.25 + 0.25 * random.nextDouble());
        double phase = random.nextDouble();
        int i = 0;
        for (int y = 0; y < size; y++) {
            int offset = Math.round(1.5f * sineOfTurns(y / sway + phase));
            for (int x = 0; x < size; x++, i += 3) {
                float t = 0.65f * blade[Math.floorMod(x + offset, size)] + 0.35f * (float) random.nextDouble();
                put(rgb, i, lerp(40, 95, t), lerp(105, 170, t), lerp(30, 55, t));
            }
        }
    }

    private static void sand(byte[] rgb, int size, SplittableRandom random) {
        double angle = Math.PI * random.nextDouble();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double wavelength = size * (0.3 + 0.3 * random.nextDouble());
        double phase = random.nextDouble();
        int i = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++, i += 3) {
                int dune = Math.round(10f * sineOfTurns((x * cos + y * sin) / wavelength + phase));
                int noise = random.nextInt(25) - 12;
                put(rgb, i, 212 + dune + noise, 188 + dune + noise, 135 + dune + noise);
            }
        }
    }

    private static void plain(byte[] rgb, int size, SplittableRandom random) {
        int grey = 105 + random.nextInt(46);
        for (int i = 0; i < size * size * 3; i += 3) {
            put(rgb, i, grey, grey, grey);
        }
    }

    private static void stripes(byte[] rgb, int size, SplittableRandom random) {
        int light = 150 + random.nextInt(26);
        int dark = light - 35 - random.nextInt(16);
        int halfPeriod = 3 + random.nextInt(3);
        int orientation = random.nextInt(4);
        int offset = random.nextInt(2 * halfPeriod);
        int i = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++, i += 3) {
                int along;
                switch (orientation) {
                    case 0:
                        along = x;
                        break;
                    case 1:
                        along = y;
                        break;
                    case 2:
                        along = x + y;
                        break;
                    default:
                        along = x - y + size;
                        break;
                }
                int tone = ((along + offset) / halfPeriod) % 2 == 0 ? light : dark;
                put(rgb, i, tone, tone, tone);
            }
        }
    }

    private static void checks(byte[] rgb, int size, SplittableRandom random) {
        int light = 150 + random.nextInt(26);
        int dark = light - 35 - random.nextInt(16);
        int cell = 4 + random.nextInt(4);
        int offsetX = random.nextInt(cell);
        int offsetY = random.nextInt(cell);
        int i = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++, i += 3) {
                int tone = ((x + offsetX) / cell + (y + offsetY) / cell) % 2 == 0 ? light : dark;
                put(rgb, i, tone, tone, tone);
            }
        }
    }

    private static int lerp(int from, int to, float t) {
        return Math.round(from + (to - from) * t);
    }

    private static void put(byte[] rgb, int i, int r, int g, int b) {
        rgb[i] = (byte) Math.max(0, Math.min(255, r));
        rgb[i + 1] = (byte) Math.max(0, Math.min(255, g));
        rgb[i + 2] = (byte) Math.max(0, Math.min(255, b));
    }
}
