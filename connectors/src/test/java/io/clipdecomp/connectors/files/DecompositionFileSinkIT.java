package io.clipdecomp.connectors.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.core.io.NpyReader;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .npy file sink in a BATCH job: rows of images that never arrived (dead-lettered) are closed up, the
 * others keep their order, and the file list numbers the rows that remain.
 */
class DecompositionFileSinkIT {
    private static final int L = 2;
    private static final int H = 2;
    private static final int N = 3;
    private static final int D = 4;
    /** Rows of the dataset; those not listed in {@link #PRESENT} were dead-lettered. */
    private static final int ROWS = 9;
    /** Gaps at the first row, in the middle, two in a row, and at the last row. */
    private static final int[] PRESENT = {1, 2, 4, 7};

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    /** Every value of row {@code row}'s part {@code part} encodes row, part and position, so rows can be told apart. */
    private static float[] values(int row, int part, int length) {
        float[] v = new float[length];
        for (int k = 0; k < length; k++) {
            v[k] = row * 1000 + part * 100 + k % 100 + k / 100 * 0.5f;
        }
        return v;
    }

    private static ImageDecomposition record(int row) {
        return ImageDecomposition.newBuilder().setId("img/" + row + ".png").setIndex(row).setModel("m")
                .setDataset("ds").setLabel(List.of((long) row % 3, (long) row % 2))
                .setEmbedding(FloatTensors.pack(values(row, 0, D), D)).setEmbeddingNorm(1f)
                .setHeads(FloatTensors.pack(values(row, 1, L * H * D), L, H, D))
                .setMlps(FloatTensors.pack(values(row, 2, (L + 1) * D), L + 1, D))
                .setClsAttn(FloatTensors.pack(values(row, 3, L * D), L, D))
                .setTokenTerms(FloatTensors.pack(values(row, 4, L * N * H * D), L, N, H, D))
                .setEventTime(Instant.ofEpochMilli(row)).build();
    }

    private static void run(Path out, List<ImageDecomposition> records) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        env.fromData(records, new AvroTypeInfo<>(ImageDecomposition.class))
                .sinkTo(new DecompositionFileSink(out, "ds", "m", ROWS, new DecompositionShape(L, H, N, D), 2, true))
                .setParallelism(1);
        env.execute("decomposition-file-sink-test");
    }

    private static NpyReader open(Path out, String kind, long... shape) throws IOException {
        NpyReader reader = NpyReader.open(out.resolve("ds_" + kind + "_m.npy"));
        assertArrayEquals(shape, reader.shape(), kind + " shape");
        return reader;
    }

    private static void assertRows(Path out, String kind, int part, int width, long... shape) throws IOException {
        try (NpyReader reader = open(out, kind, shape)) {
            for (int k = 0; k < PRESENT.length; k++) {
                assertArrayEquals(values(PRESENT[k], part, width), reader.readFloatRow(k),
                        kind + " row " + k + " (image " + PRESENT[k] + ")");
            }
        }
    }

    @Test
    void rowsOfMissingImagesAreClosedUpInOrder() throws Exception {
        List<ImageDecomposition> records = new ArrayList<>();
        // out of order, as parallel subtasks deliver them
        for (int i = PRESENT.length - 1; i >= 0; i--) {
            records.add(record(PRESENT[i]));
        }
        Path out = dir.resolve("out");
        run(out, records);

        int k = PRESENT.length;
        assertRows(out, "embeddings", 0, D, k, D);
        assertRows(out, "attn", 1, L * H * D, k, L, H, D);
        assertRows(out, "mlp", 2, (L + 1) * D, k, L + 1, D);
        assertRows(out, "cls_attn", 3, L * D, k, L, D);
        assertRows(out, "attn_spatial", 4, L * N * H * D, k, L, N, H, D);
        try (NpyReader labels = open(out, "labels", k, 2, 1)) {
            long[] expected = new long[2 * k];
            for (int i = 0; i < k; i++) {
                expected[2 * i] = PRESENT[i] % 3;
                expected[2 * i + 1] = PRESENT[i] % 2;
            }
            assertArrayEquals(expected, labels.readLongs());
        }
        assertEquals(List.of("0\t1,1\timg/1.png", "1\t2,0\timg/2.png", "2\t1,0\timg/4.png", "3\t1,1\timg/7.png"),
                Files.readAllLines(DecompositionFileSink.fileList(out, "ds", "m")));
    }

    @Test
    void aRowIndexOutsideTheDatasetFailsTheJobNamingTheRecord() {
        Exception e = assertThrows(Exception.class, () -> run(dir.resolve("out"), List.of(record(1), record(ROWS))));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("img/" + ROWS + ".png") && messages.toString().contains("0..8"),
                messages.toString());
    }
}
