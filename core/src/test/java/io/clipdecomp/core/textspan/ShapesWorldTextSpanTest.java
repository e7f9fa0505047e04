package io.clipdecomp.core.textspan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.decompose.DecompositionOptions;
import io.clipdecomp.core.decompose.ImageDecomposer;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.preprocess.ClipImagePreprocessor;
import io.clipdecomp.core.preprocess.ColourConversion;
import io.clipdecomp.core.shapes.BackgroundFamily;
import io.clipdecomp.core.shapes.Shape;
import io.clipdecomp.core.shapes.SceneGenerator;
import io.clipdecomp.core.shapes.ShapeColour;
import io.clipdecomp.core.text.ClipTokenizer;
import io.clipdecomp.core.text.TextEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The moments route and the sample route on real head contributions: the bundled model on shapes-world scenes. */
class ShapesWorldTextSpanTest {
    private static final Path BUNDLED = Path.of("..", "models", "shapes-tiny");

    @Test
    void everyHeadOfTheLastLayerGetsTheSamePicksBothWays() throws IOException {
        ModelFolder folder = ModelFolder.open(BUNDLED);
        int images = 64;
        List<String> texts = new ArrayList<>();
        for (Shape s : Shape.values()) {
            texts.add("a " + s.word());
        }
        for (ShapeColour c : ShapeColour.values()) {
            texts.add("a " + c.word() + " shape");
        }
        for (BackgroundFamily b : BackgroundFamily.values()) {
            texts.add("a shape on " + b.word());
        }
        try (ClipModel model = ClipModel.load(folder, Device.cpu());
             ImageDecomposer decomposer = new ImageDecomposer(model);
             ClipTokenizer tokenizer = ClipTokenizer.forModel(folder);
             ShapesDataset scenes = new ShapesDataset(images, 17, SceneGenerator.DEFAULT_CANVAS)) {
            ClipImagePreprocessor preprocessor = ClipImagePreprocessor.forModel(folder.config());
            List<float[]> pixels = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                pixels.add(preprocessor.toPixels(scenes.item(i).encoded(), ColourConversion.BEFORE_RESIZE));
            }
            List<ImageDecomposition> terms = decomposer.decompose(pixels, DecompositionOptions.HEADS);
            float[][] textEmbeddings = new TextEncoder(model, tokenizer).encodeNormalized(texts, 16);
            int layer = folder.config().vision().layers() - 1;
            int heads = folder.config().vision().heads();
            int d = folder.config().embedDim();
            try (NDManager manager = model.newBatchManager()) {
                for (int h = 0; h < heads; h++) {
                    float[] data = new float[images * d];
                    for (int i = 0; i < images; i++) {
                        System.arraycopy(terms.get(i).headTerms(), (layer * heads + h) * d, data, i * d, d);
                    }
                    TextSpanSelectorTest.assertSameAsSamples(manager, data, images, d, textEmbeddings, 5, 16);
                }
            }
            assertEquals(images, terms.size());
        }
    }
}
