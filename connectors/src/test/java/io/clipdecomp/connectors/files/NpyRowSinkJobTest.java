package io.clipdecomp.connectors.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.files.RecordingRowWriters.RecordedFile;
import io.clipdecomp.schemas.ImageDecomposition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sink inside a bounded Flink job: decompositions computed in parallel, rows written by one writer. */
class NpyRowSinkJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aBatchJobFillsEveryRow(@TempDir Path dir) throws Exception {
        int k = 20;
        List<ImageDecomposition> input = new ArrayList<>();
        for (int i = k - 1; i >= 0; i--) {
            input.add(NpyRowSinkTest.decomposition("img-" + i, i, List.of((long) i % 3), i));
        }
        NpyRowSink sink = NpyRowSinkTest.sink(dir, k);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        env.fromData(input).rebalance().sinkTo(sink).setParallelism(1);
        env.execute("npy-row-sink");

        RecordedFile embeddings = RecordingRowWriters.FILES.get(sink.embeddingsFile());
        RecordedFile labels = RecordingRowWriters.FILES.get(sink.labelsFile());
        assertEquals(k, embeddings.floatRows.size());
        for (long i = 0; i < k; i++) {
            assertArrayEquals(new float[] {i, -(float) i}, embeddings.floatRows.get(i), "row " + i);
            assertArrayEquals(new long[] {i % 3}, labels.longRows.get(i), "row " + i);
        }
    }

    @Test
    void refusesToRunWithSeveralWriters(@TempDir Path dir) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromData(NpyRowSinkTest.decomposition("a", 0, List.of(1L), 1f))
                .sinkTo(NpyRowSinkTest.sink(dir, 1)).setParallelism(2);
        Exception e = assertThrows(Exception.class, () -> env.execute("npy-row-sink-parallel"));
        assertTrue(ExceptionUtils.findThrowableWithMessage(e, "must run with parallelism 1").isPresent(),
                ExceptionUtils.stringifyException(e));
    }
}
