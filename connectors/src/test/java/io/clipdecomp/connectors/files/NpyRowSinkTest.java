package io.clipdecomp.connectors.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.files.RecordingRowWriters.RecordedFile;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRowSinkTest {

    // L=2 layers, H=3 heads, d=2: heads [2,3,2], mlps [3,2], clsAttn [2,2], embedding [2]
    static ImageDecomposition decomposition(String id, long index, List<Long> label, float base) {
        float[] heads = new float[12];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = base + i;
        }
        return ImageDecomposition.newBuilder().setId(id).setIndex(index).setModel("tiny").setDataset("shapes")
                .setLabel(label)
                .setEmbedding(FloatTensors.pack(new float[] {base, -base}, 2)).setEmbeddingNorm(1f)
                .setHeads(FloatTensors.pack(heads, 2, 3, 2))
                .setMlps(FloatTensors.pack(new float[] {base, 0, 0, 0, 0, base + 5}, 3, 2))
                .setClsAttn(FloatTensors.pack(new float[] {1, 2, 3, base}, 2, 2))
                .setEventTime(Instant.EPOCH).build();
    }

    static NpyRowSink sink(Path dir, int rows, int... labelShape) {
        return NpyRowSink.builder().setOutputDir(dir).setDataset("shapes").setModel("tiny").setRows(rows)
                .setGeometry(2, 3, 2).optLabelShape(labelShape).setRowWriterFactory(new RecordingRowWriters()).build();
    }

    @Test
    void namesFilesAsTheSeedDoes(@TempDir Path dir) {
        NpyRowSink s = sink(dir, 4);
        assertEquals(dir.resolve("shapes_attn_tiny.npy"), s.attnFile());
        assertEquals(dir.resolve("shapes_mlp_tiny.npy"), s.mlpFile());
        assertEquals(dir.resolve("shapes_cls_attn_tiny.npy"), s.clsAttnFile());
        assertEquals(dir.resolve("shapes_embeddings_tiny.npy"), s.embeddingsFile());
        assertEquals(dir.resolve("shapes_labels_tiny.npy"), s.labelsFile());
    }

    @Test
    void createsFilesOfTheSeedShapesAndWritesRowsAtTheirIndex(@TempDir Path dir) throws Exception {
        NpyRowSink s = sink(dir, 4);
        try (NpyRowWriter w = new NpyRowWriter(s, new RecordingRowWriters())) {
            w.write(decomposition("c", 2, List.of(7L), 100f), null);
            w.write(decomposition("a", 0, List.of(5L), 10f), null);
        }
        RecordedFile attn = RecordingRowWriters.FILES.get(s.attnFile());
        assertArrayEquals(new long[] {4, 2, 3, 2}, attn.shape);
        assertEquals(RowElementType.FLOAT32, attn.type);
        assertArrayEquals(new long[] {4, 3, 2}, RecordingRowWriters.FILES.get(s.mlpFile()).shape);
        assertArrayEquals(new long[] {4, 2, 2}, RecordingRowWriters.FILES.get(s.clsAttnFile()).shape);
        assertArrayEquals(new long[] {4, 2}, RecordingRowWriters.FILES.get(s.embeddingsFile()).shape);
        RecordedFile labels = RecordingRowWriters.FILES.get(s.labelsFile());
        assertArrayEquals(new long[] {4}, labels.shape);
        assertEquals(RowElementType.INT64, labels.type);

        assertArrayEquals(new float[] {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111},
                attn.floatRows.get(2L));
        assertArrayEquals(new float[] {10, 0, 0, 0, 0, 15}, RecordingRowWriters.FILES.get(s.mlpFile()).floatRows.get(0L));
        assertArrayEquals(new float[] {1, 2, 3, 100}, RecordingRowWriters.FILES.get(s.clsAttnFile()).floatRows.get(2L));
        assertArrayEquals(new float[] {10, -10}, RecordingRowWriters.FILES.get(s.embeddingsFile()).floatRows.get(0L));
        assertArrayEquals(new long[] {7}, labels.longRows.get(2L));
        assertArrayEquals(new long[] {5}, labels.longRows.get(0L));
        assertEquals(2, attn.floatRows.size());
        assertTrue(s.files().stream().allMatch(f -> RecordingRowWriters.FILES.get(f).closed));
    }

    @Test
    void rowsThatNeverArriveAreWrittenAsZerosAtTheEndOfInput(@TempDir Path dir) throws Exception {
        NpyRowSink s = sink(dir, 3);
        try (NpyRowWriter w = new NpyRowWriter(s, new RecordingRowWriters())) {
            w.write(decomposition("b", 1, List.of(4L), 3f), null);
            w.flush(false);
            assertEquals(1, RecordingRowWriters.FILES.get(s.attnFile()).floatRows.size());
            w.flush(true);
        }
        RecordedFile attn = RecordingRowWriters.FILES.get(s.attnFile());
        assertEquals(3, attn.floatRows.size());
        assertArrayEquals(new float[12], attn.floatRows.get(0L));
        assertArrayEquals(new float[12], attn.floatRows.get(2L));
        assertEquals(3f, attn.floatRows.get(1L)[0]);
        assertArrayEquals(new float[6], RecordingRowWriters.FILES.get(s.mlpFile()).floatRows.get(2L));
        assertArrayEquals(new float[4], RecordingRowWriters.FILES.get(s.clsAttnFile()).floatRows.get(0L));
        assertArrayEquals(new float[2], RecordingRowWriters.FILES.get(s.embeddingsFile()).floatRows.get(0L));
        RecordedFile labels = RecordingRowWriters.FILES.get(s.labelsFile());
        assertArrayEquals(new long[] {-1}, labels.longRows.get(0L));
        assertArrayEquals(new long[] {4}, labels.longRows.get(1L));
        assertArrayEquals(new long[] {-1}, labels.longRows.get(2L));
    }

    @Test
    void labelsOfSeveralValuesPerRowAndMissingLabels(@TempDir Path dir) throws Exception {
        NpyRowSink s = sink(dir, 3, 2, 1);
        try (NpyRowWriter w = new NpyRowWriter(s, new RecordingRowWriters())) {
            w.write(decomposition("a", 0, List.of(1L, 0L), 1f), null);
            w.write(decomposition("b", 1, List.of(), 1f), null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.write(decomposition("c", 2, List.of(1L), 1f), null));
            assertTrue(e.getMessage().contains("1 labels") && e.getMessage().contains("2 per row"), e.getMessage());
        }
        RecordedFile labels = RecordingRowWriters.FILES.get(s.labelsFile());
        assertArrayEquals(new long[] {3, 2, 1}, labels.shape);
        assertArrayEquals(new long[] {1, 0}, labels.longRows.get(0L));
        assertArrayEquals(new long[] {-1, -1}, labels.longRows.get(1L));
    }

    @Test
    void rejectsRecordsThatDoNotFitTheFiles(@TempDir Path dir) throws Exception {
        try (NpyRowWriter w = new NpyRowWriter(sink(dir, 2), new RecordingRowWriters())) {
            IllegalArgumentException noIndex = assertThrows(IllegalArgumentException.class,
                    () -> w.write(decomposition("u", -1, List.of(1L), 1f), null));
            assertTrue(noIndex.getMessage().contains("row index -1"), noIndex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.write(decomposition("x", 2, List.of(1L), 1f), null));

            ImageDecomposition wrongWidth = ImageDecomposition.newBuilder(decomposition("w", 0, List.of(1L), 1f))
                    .setHeads(FloatTensors.pack(new float[18], 2, 3, 3)).build();
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> w.write(wrongWidth, null));
            assertTrue(shape.getMessage().contains("heads of shape [2, 3, 3]")
                    && shape.getMessage().contains("[2, 3, 2]"), shape.getMessage());
        }
    }

    @Test
    void builderNamesWhatIsMissing(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NpyRowSink.builder().setOutputDir(dir).setDataset("d").build());
        assertTrue(e.getMessage().endsWith("missing: model rows geometry rowWriterFactory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyRowSink.builder().setDataset("a/b"));
        assertThrows(IllegalArgumentException.class, () -> NpyRowSink.builder().setGeometry(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> NpyRowSink.builder().optLabelShape(2, 0));
    }
}
