package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.records.DeadLetters;
import io.clipdecomp.core.decompose.ImageDecomposition;
import io.clipdecomp.jobs.operators.DecomposeSettings;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole decomposition job on a bounded in-memory stream, parallelism 2, in both runtime modes. */
class DecompositionJobIT {
    private static final int GOOD = 6;
    private static final Set<String> CORRUPT = Set.of("bad-2", "bad-7");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path shared;
    private static Path model;
    private static final List<ImageRecord> RECORDS = new ArrayList<>();
    /** The core's decomposition of each good image, by id. */
    private static final Map<String, ImageDecomposition> EXPECTED = new HashMap<>();

    @BeforeAll
    static void modelAndImages() throws Exception {
        model = JobFixtures.model(shared.resolve("tiny"));
        try (JobFixtures.Reference reference = new JobFixtures.Reference(model)) {
            int good = 0;
            for (int index = 0; index < GOOD + CORRUPT.size(); index++) {
                String corruptId = "bad-" + index;
                if (CORRUPT.contains(corruptId)) {
                    RECORDS.add(JobFixtures.corruptRecord(corruptId, index, "shapes"));
                } else {
                    byte[] png = JobFixtures.shapePng(21, good++);
                    RECORDS.add(JobFixtures.pngRecord("img-" + index, index, "shapes", index % 4, png));
                    EXPECTED.put("img-" + index, reference.decompose(JobFixtures.pixels(png)));
                }
            }
        }
    }

    @AfterAll
    static void clear() {
        RECORDS.clear();
        EXPECTED.clear();
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> out = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(out::add);
        }
        return out;
    }

    /**
     * Batches of 4 and a flush timeout no test reaches: each subtask gets 3 or 4 images, so its last images
     * leave the decomposer only when input ends, after the source's end-of-input watermark.
     */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void everyImageEndsAsTheCoresDecompositionOrADeadLetter(RuntimeExecutionMode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        DecomposeSettings decompose = JobFixtures.settings(model, 4, 600_000);
        DecompositionJob.Outputs outputs = DecompositionJob.build(
                env.fromData(RECORDS, new AvroTypeInfo<>(ImageRecord.class)),
                new DecompositionJob.Settings(decompose, JobFixtures.preprocessor(), false, 4));
        CloseableIterator<io.clipdecomp.schemas.ImageDecomposition> decompositions =
                outputs.decompositions().collectAsync();
        CloseableIterator<DeadLetter> deadLetters = outputs.deadLetters().collectAsync();
        CloseableIterator<ComponentMeans> means = outputs.means().collectAsync();
        JobClient job = env.executeAsync("decomposition-job-test-" + mode);
        List<io.clipdecomp.schemas.ImageDecomposition> results = drain(decompositions);
        List<DeadLetter> letters = drain(deadLetters);
        List<ComponentMeans> emitted = drain(means);
        job.getJobExecutionResult().get();

        assertEquals(RECORDS.size(), results.size() + letters.size(), "one output per image");
        Set<String> ids = new TreeSet<>();
        for (io.clipdecomp.schemas.ImageDecomposition d : results) {
            assertTrue(ids.add(d.getId()), "duplicate " + d.getId());
            ImageRecord in = RECORDS.get((int) d.getIndex());
            assertEquals(in.getId(), d.getId());
            assertEquals(in.getLabel(), d.getLabel());
            assertEquals("shapes", d.getDataset());
            assertEquals("tiny", d.getModel());
            assertEquals(Instant.ofEpochMilli(1000 + d.getIndex()), d.getEventTime());
            JobFixtures.assertSameTerms(EXPECTED.get(d.getId()), d);
        }
        assertEquals(EXPECTED.keySet(), ids, "decomposed ids");
        Set<String> rejected = new TreeSet<>();
        for (DeadLetter letter : letters) {
            assertEquals(DeadLetters.DECODE, letter.getStage(), letter.toString());
            assertEquals(letter.getRecordId(), RECORDS.get((int) letter.getIndex()).getId());
            rejected.add(letter.getRecordId());
        }
        assertEquals(CORRUPT, rejected, "dead-lettered ids");

        // the subtasks' partial sums reach the means at the end of input here: one emission when the count
        // passes 4, then the final one over all 6
        String seen = "means emitted: " + emitted.stream().map(m -> m.getCount() + (m.getIsFinal() ? " final" : ""))
                .toList();
        List<ComponentMeans> intermediate = emitted.stream().filter(m -> !m.getIsFinal()).toList();
        assertEquals(1, intermediate.size(), seen);
        assertTrue(intermediate.get(0).getCount() >= 4, seen);
        ComponentMeans last = emitted.stream().filter(ComponentMeans::getIsFinal).findFirst().orElseThrow();
        assertEquals(GOOD, last.getCount());
        assertEquals("tiny", last.getModel());
        assertEquals("shapes", last.getDataset());
        JobFixtures.assertMeans(results, last);
    }
}
