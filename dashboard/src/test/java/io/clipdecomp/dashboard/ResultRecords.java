package io.clipdecomp.dashboard;

import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Small result records of a 2-layer, 3-head model with d = 4, as the streaming job writes them. */
final class ResultRecords {
    static final int LAYERS = 2;
    static final int HEADS = 3;
    static final int DIM = 4;

    private ResultRecords() {
    }

    /** Means whose head (l, h) is the vector (l + 1, h, 0, 0): norm sqrt((l + 1)^2 + h^2). */
    static ComponentMeans means(long count) {
        float[] heads = new float[LAYERS * HEADS * DIM];
        for (int l = 0; l < LAYERS; l++) {
            for (int h = 0; h < HEADS; h++) {
                heads[(l * HEADS + h) * DIM] = l + 1;
                heads[(l * HEADS + h) * DIM + 1] = h;
            }
        }
        return ComponentMeans.newBuilder().setModel("tiny").setDataset("shapes").setCount(count)
                .setHeads(FloatTensors.pack(heads, LAYERS, HEADS, DIM))
                .setMlps(FloatTensors.pack(new float[(LAYERS + 1) * DIM], LAYERS + 1, DIM))
                .setClsAttn(FloatTensors.pack(new float[LAYERS * DIM], LAYERS, DIM))
                .setEmittedAt(Instant.ofEpochMilli(1)).setIsFinal(false).build();
    }

    static TextSpanResult textSpan(int layer, int head, List<String> texts, List<Double> shares) {
        return TextSpanResult.newBuilder().setModel("tiny").setDataset("shapes").setLayer(layer).setHead(head)
                .setImages(100).setIndices(List.of(0, 1)).setTexts(texts).setVarianceShares(shares)
                .setTextSet("shapes_descriptions").setEmittedAt(Instant.ofEpochMilli(2)).setIsFinal(false).build();
    }

    static AblationReport ablation() {
        return AblationReport.newBuilder().setModel("tiny").setDataset("shapes").setImages(100).setBaseline(90.0)
                .setMlps(20.0).setCls(89.0).setMlpsAndCls(19.0).setAttentionLayers(List.of(90.0, 88.0, 30.0))
                .setEmittedAt(Instant.ofEpochMilli(3)).setIsFinal(false).build();
    }

    static SpuriousCueReport spurious() {
        return SpuriousCueReport.newBuilder().setModel("tiny").setDataset("waterbirds").setImages(50)
                .setHeads(List.of("3.2", "3.3"))
                .setBaseline(Map.of("(0, 0)", 95.0, "(0, 1)", 60.0))
                .setReplaced(Map.of("(0, 0)", 93.0, "(0, 1)", 70.0))
                .setEmittedAt(Instant.ofEpochMilli(4)).setIsFinal(false).build();
    }

    static SegmentationResult segmentation(String id) {
        return SegmentationResult.newBuilder().setId(id).setIndex(0).setModel("tiny").setDataset("shapes")
                .setPredictedClass(2).setMask(ByteBuffer.wrap(png(0xffffff))).setHeatmap(ByteBuffer.wrap(png(0xff0000)))
                .setScored(true).setCorrect(10).setLabeled(16).setIntersection(List.of(3L, 4L))
                .setUnion(List.of(5L, 6L)).setAveragePrecision(0.5).setImages(1).setRunningPixelAccuracy(0.625)
                .setRunningMeanIoU(0.633).setRunningMeanAP(0.5).setEventTime(Instant.ofEpochMilli(5)).build();
    }

    static DeadLetter deadLetter(String id, String stage, String reason) {
        return DeadLetter.newBuilder().setRecordId(id).setIndex(7).setSource("stream").setStage(stage)
                .setReason(reason).setEventTime(Instant.ofEpochMilli(6)).setPayloadSize(16).setTopic(null)
                .setPartition(-1).setOffset(-1).build();
    }

    static ImageDecomposition decomposition(String id) {
        return ImageDecomposition.newBuilder().setId(id).setIndex(0).setModel("tiny").setDataset("shapes")
                .setLabel(List.of(1L)).setEmbedding(FloatTensors.pack(new float[DIM], DIM)).setEmbeddingNorm(1f)
                .setHeads(FloatTensors.pack(new float[LAYERS * HEADS * DIM], LAYERS, HEADS, DIM))
                .setMlps(FloatTensors.pack(new float[(LAYERS + 1) * DIM], LAYERS + 1, DIM))
                .setClsAttn(FloatTensors.pack(new float[LAYERS * DIM], LAYERS, DIM)).setTokenTerms(null)
                .setPatchScores(null).setEventTime(Instant.ofEpochMilli(7)).setProcessingMillis(1).build();
    }

    /** A 4 x 4 PNG of one colour. */
    static byte[] png(int rgb) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
