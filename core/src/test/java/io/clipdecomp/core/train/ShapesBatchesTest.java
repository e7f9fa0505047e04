package io.clipdecomp.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.model.PreprocessConfig;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.shapes.CaptionWriter;
import io.clipdecomp.core.shapes.ShapesTokenizerJson;
import io.clipdecomp.core.text.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesBatchesTest {
    @TempDir
    Path dir;

    @Test
    void shapePromptsFirstThenAllPlainPromptsThenFullCaptionsWithReplay() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        ShapesTokenizerJson.write(file);
        try (ClipTokenizer tokenizer = ClipTokenizer.load(file, 77)) {
            Set<String> shapePrompts = encoded(tokenizer, CaptionWriter.shapePrompts());
            Set<String> colourPrompts = encoded(tokenizer, CaptionWriter.colourPrompts());
            Set<String> backgroundPrompts = encoded(tokenizer, CaptionWriter.backgroundPrompts());
            ShapesBatches batches = new ShapesBatches(3, new ClipImagePreprocessor(16, PreprocessConfig.OPENAI.mean(),
                    PreprocessConfig.OPENAI.std()), tokenizer, 2, 1, 0.25);
            for (int b = 0; b < 2; b++) {
                for (long[] caption : batches.next(50).tokens()) {
                    assertTrue(shapePrompts.contains(Arrays.toString(caption)), "batch " + b + " is shape-only");
                }
            }
            int[] second = new int[3];
            for (long[] caption : batches.next(150).tokens()) {
                String c = Arrays.toString(caption);
                second[0] += shapePrompts.contains(c) ? 1 : 0;
                second[1] += colourPrompts.contains(c) ? 1 : 0;
                second[2] += backgroundPrompts.contains(c) ? 1 : 0;
            }
            assertEquals(150, second[0] + second[1] + second[2], "the second stage holds only plain prompts");
            // 150 draws from three equally likely attributes: each ~50
            for (int a = 0; a < 3; a++) {
                assertTrue(second[a] > 25, "attribute " + a + ": " + second[a]);
            }
            int[] plain = new int[3];
            int total = 0;
            for (int b = 0; b < 8; b++) {
                ShapesBatches.Batch batch = batches.next(100);
                assertEquals(100 * 3 * 16 * 16, batch.pixels().length);
                for (long[] caption : batch.tokens()) {
                    String c = Arrays.toString(caption);
                    plain[0] += shapePrompts.contains(c) ? 1 : 0;
                    plain[1] += colourPrompts.contains(c) ? 1 : 0;
                    plain[2] += backgroundPrompts.contains(c) ? 1 : 0;
                    total++;
                }
            }
            // 800 draws, a quarter replayed, a third of those per attribute (~67 each); generated captions
            // add some plain forms of their own, so only a lower bound holds for the share
            for (int a = 0; a < 3; a++) {
                assertTrue(plain[a] > 35, "attribute " + a + " replayed " + plain[a] + " times");
            }
            double share = (plain[0] + plain[1] + plain[2]) / (double) total;
            assertTrue(share > 0.19 && share < 0.6, "plain prompt share " + share);
        }
    }

    private static Set<String> encoded(ClipTokenizer tokenizer, List<String> prompts) {
        Set<String> set = new HashSet<>();
        for (String prompt : prompts) {
            set.add(Arrays.toString(tokenizer.encode(prompt)));
        }
        return set;
    }
}
