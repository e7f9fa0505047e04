package io.clipdecomp.jobs.demo;

import com.google.gson.GsonBuilder;
import io.clipdecomp.connectors.dataset.DatasetRecords;
import io.clipdecomp.connectors.dataset.DatasetSpec;
import io.clipdecomp.connectors.dataset.DirectoryRecords;
import io.clipdecomp.connectors.files.DecompositionFileWriter;
import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.ImagePublisher;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicReader;
import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.core.data.ShapesDataset;
import io.clipdecomp.core.decompose.DecompositionShape;
import io.clipdecomp.core.io.FileReplacement;
import io.clipdecomp.core.io.NpyWriter;
import io.clipdecomp.core.model.ModelFolder;
import io.clipdecomp.core.shapes.PngFiles;
import io.clipdecomp.dashboard.DashboardServer;
import io.clipdecomp.jobs.DecompositionJob;
import io.clipdecomp.jobs.FileTrees;
import io.clipdecomp.jobs.JobFailures;
import io.clipdecomp.jobs.KafkaEndpoints;
import io.clipdecomp.jobs.StreamingEnvironments;
import io.clipdecomp.jobs.operators.AnalysisSettings;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.TextSpanResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded default end to end: an in-process Kafka broker, synthetic shape images (and a few corrupt
 * ones) or the entries of an input folder produced to the images topic, the streaming decomposition job on a
 * Flink MiniCluster with RocksDB state and exactly-once sinks, then the output topics read back (read_committed)
 * into files and a summary that accounts for every image. If the job fails, the demo says so, stops producing,
 * and still writes what the job committed before. A soak produces while the job runs, at most
 * {@link SoakOptions#maxInFlight()} images ahead of its committed results, and samples memory and throughput.
 */
public final class EmbeddedDemo {
    /** Dataset name of the synthetic images: their records' source and the prefix of the output files. */
    private static final String SHAPES_DATASET = "shapes";
    /** Dataset name of an input folder's images. */
    private static final String INPUT_DATASET = "input";
    /** Images a soak publishes between two checks of the in-flight bound. */
    private static final int SOAK_CHUNK = 16;
    /** How long a reader waits for results in one poll while the producer waits for room. */
    private static final Duration RESULT_POLL = Duration.ofMillis(100);
    /** A soak gives up waiting for the last results after this long without any. */
    private static final Duration SOAK_DRAIN_STALL = Duration.ofSeconds(120);
    // a MiniCluster TaskManager that dies (a failing exactly-once Kafka sink can kill it, FLINK-38790) never comes
    // back: let the job fail soon rather than wait Flink's default 5 minutes for slots per restart
    private static final Duration SLOT_REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final DemoOptions options;
    private final Consumer<String> log;
    private volatile boolean stopRequested;

    public EmbeddedDemo(DemoOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    /** Asks a {@code follow} run to stop producing, finish and write its results. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs the demo and returns its summary (also written to {@code summary.json}). A {@code follow} run stops
     * on {@link #requestStop()} or Ctrl-C, a soak stops producing on them; the shutdown hook waits until the
     * results are written.
     */
    public DemoSummary run() throws Exception {
        return run(summary -> { });
    }

    /**
     * Runs the demo as {@link #run()} does and hands the summary to {@code report} first: on Ctrl-C or SIGTERM the
     * JVM exits as soon as the shutdown hook returns, so whatever tells the summary must have done so by then.
     */
    public DemoSummary run(Consumer<DemoSummary> report) throws Exception {
        if (!options.follow() && options.soak() == null) {
            DemoSummary summary = demo();
            report.accept(summary);
            return summary;
        }
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "clipdecomp-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoSummary summary = demo();
            report.accept(summary);
            return summary;
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook itself is waiting for us and ends now
            }
        }
    }

    private DemoSummary demo() throws Exception {
        ModelFolder folder = ModelFolder.open(options.modelDir());
        DirectoryRecords inputs = options.inputDir() == null ? null
                : DirectoryRecords.list(options.inputDir(), INPUT_DATASET, options.job().limits().maxBytes());
        Files.createDirectories(options.outDir());
        Path work = Files.createTempDirectory("clipdecomp-demo");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().optLogDir(work.resolve("kafka")).start()) {
            log.accept("Kafka broker (KRaft) on " + broker.bootstrapServers());
            // a follow or soak run starts its job before producing, so the job cannot stop at the topic's end
            boolean bounded = !options.follow() && options.soak() == null;
            KafkaEndpoints kafka = KafkaEndpoints.standard(broker.bootstrapServers(), "clipdecomp-demo",
                    "clipdecomp-demo", bounded);
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                for (Topic<?> topic : kafka.topics()) {
                    admin.ensureTopic(topic, options.parallelism());
                }
            }
            try (DashboardServer dashboard = dashboard(kafka)) {
                return runWith(kafka, folder, inputs, work);
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /** The live dashboard of the demo's topics, or null without one or when its port is taken. */
    private DashboardServer dashboard(KafkaEndpoints kafka) {
        InetSocketAddress address = options.dashboard();
        if (address == null) {
            return null;
        }
        try {
            DashboardServer server = kafka.dashboard(address);
            log.accept("dashboard on " + server.uri() + (options.follow() ? " (live while the demo follows)" : ""));
            return server;
        } catch (IOException taken) {
            log.accept("no dashboard: cannot listen on " + address + " (" + taken.getMessage() + "); the demo runs "
                    + "without it (--dashboard-port chooses another port)");
            return null;
        }
    }

    /** Produces the images, runs the job and reads its results back: the demo once its broker and topics exist. */
    private DemoSummary runWith(KafkaEndpoints kafka, ModelFolder folder, DirectoryRecords inputs, Path work)
            throws Exception {
        long start = System.nanoTime();
        long produced;
        String failure;
        SoakReport soak = null;
        try (ImagePublisher publisher = new ImagePublisher(kafka.bootstrapServers(), kafka.images(),
                kafka.deadLetters(), kafka.sizePolicy());
             ImageDataset shapes = inputs != null ? null
                     : shapes(options.follow() ? Integer.MAX_VALUE : options.images())) {
            if (options.soak() != null) {
                JobClient job = start(kafka, folder, work);
                soak = soak(publisher, shapes, kafka, job);
                produced = soak.produced();
                failure = cancelUnlessEnded(job);
            } else {
                if (inputs != null) {
                    produced = publish(publisher, inputs);
                    log.accept("produced the " + produced + " entries of " + options.inputDir() + " to "
                            + kafka.images().name());
                } else {
                    produced = publish(publisher, shapes, 0, options.images());
                    log.accept("produced " + produced + " images (" + options.corrupt() + " of them corrupt) to "
                            + kafka.images().name());
                }
                JobClient job = start(kafka, folder, work);
                if (options.follow()) {
                    produced = follow(publisher, shapes, produced, kafka, job);
                    failure = cancelUnlessEnded(job);
                } else {
                    failure = outcome(job);
                }
            }
        }
        DemoSummary summary = collect(kafka, folder, produced, (System.nanoTime() - start) / 1e9, failure, soak);
        writeSummary(summary);
        if (soak != null) {
            Files.writeString(options.outDir().resolve("soak.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(soak.json()) + "\n",
                    StandardCharsets.UTF_8);
        }
        return summary;
    }

    /** The name the images are counted under and the output files begin with. */
    private String dataset() {
        return options.inputDir() == null ? SHAPES_DATASET : INPUT_DATASET;
    }

    /** Starts the streaming job, returning at once. */
    private JobClient start(KafkaEndpoints kafka, ModelFolder folder, Path work) throws Exception {
        Configuration conf = StreamingEnvironments.configuration(work.resolve("flink"), Duration.ofSeconds(1), null);
        conf.set(JobManagerOptions.SLOT_REQUEST_TIMEOUT, SLOT_REQUEST_TIMEOUT);
        StreamExecutionEnvironment env = StreamingEnvironments.create(conf, options.parallelism());
        DecompositionJob.Settings settings = settings(folder, work);
        log.accept("decomposing with " + settings.summary() + ", " + options.parallelism() + " subtask(s)");
        JobClient job = kafka.job(settings).start(env, "clipdecomp demo");
        log.accept("streaming job " + job.getJobID() + " running (RocksDB state, exactly-once Kafka sinks)");
        return job;
    }

    private ImageDataset shapes(int count) throws IOException {
        return new DatasetSpec(SHAPES_DATASET, null, Map.of("count", Integer.toString(count),
                "seed", Long.toString(options.seed()))).open();
    }

    private DecompositionJob.Settings settings(ModelFolder folder, Path work) throws IOException {
        AnalysisSettings analyses = DemoAnalyses.prepare(folder, work, options.meansEvery());
        // the shape classifier of the ablation reports also picks the class each image is segmented against
        return options.job().withAnalyses(analyses, analyses.classifierFile());
    }

    /** The image with its scene's true foreground, so that its segmentation is scored. */
    private static ImageRecord withMask(ImageRecord image, ImageDataset shapes, int index) {
        if (shapes instanceof ShapesDataset world) {
            return ImageRecord.newBuilder(image)
                    .setMask(ByteBuffer.wrap(PngFiles.encode(world.scene(index).unionMask()))).build();
        }
        return image;
    }

    /**
     * Publishes images {@code from} .. {@code from + count - 1}, spreading {@link DemoOptions#corrupt()} corrupt
     * copies (cut-off PNGs, rows after the real ones) among the first batch; returns how many were offered.
     */
    private long publish(ImagePublisher publisher, ImageDataset shapes, int from, int count) {
        int corrupt = from == 0 ? options.corrupt() : 0;
        int every = corrupt == 0 ? Integer.MAX_VALUE : Math.max(1, count / corrupt);
        int corruptSent = 0;
        for (int i = from; i < from + count; i++) {
            ImageRecord image = withMask(DatasetRecords.read(shapes, i), shapes, i);
            publisher.publish(image);
            if (corruptSent < corrupt && (i - from) % every == every - 1) {
                publisher.publish(corrupted(image, options.images() + corruptSent++));
            }
        }
        while (corruptSent < corrupt) {
            publisher.publish(corrupted(DatasetRecords.read(shapes, 0), options.images() + corruptSent++));
        }
        publisher.flush();
        return (long) count + corrupt;
    }

    private static ImageRecord corrupted(ImageRecord image, long index) {
        ByteBuffer bytes = image.getBytes().duplicate();
        byte[] cut = new byte[Math.min(48, bytes.remaining())]; // the PNG signature and a cut-off header
        bytes.get(cut);
        return ImageRecord.newBuilder(image).setId("corrupt-" + index).setIndex(index).setLabel(List.of())
                .setBytes(ByteBuffer.wrap(cut)).build();
    }

    /** Publishes every entry of the input folder, one at a time; returns how many were offered. */
    private long publish(ImagePublisher publisher, DirectoryRecords inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            publisher.publish(inputs.read(i));
        }
        publisher.flush();
        return inputs.size();
    }

    /**
     * Produces {@link DemoOptions#images()} (and the corrupt ones) while the job runs, as fast as the job takes
     * them: before each chunk the producer waits until the chunk fits within {@link SoakOptions#maxInFlight()}
     * images not yet committed as results, so a slow job or broker holds the producer back instead of letting
     * the backlog grow. Samples memory and throughput on the way and until the last result is in.
     */
    private SoakReport soak(ImagePublisher publisher, ImageDataset shapes, KafkaEndpoints kafka, JobClient job) {
        SoakOptions soak = options.soak();
        log.accept("soak: " + options.images() + " images (+" + options.corrupt() + " corrupt), at most "
                + soak.maxInFlight() + " in flight, a sample every " + soak.sampleEvery().toMillis() / 1000.0 + " s");
        if (!ProcessMemory.heapFixedAndTouched()) {
            log.accept("soak: the heap grows as the JVM sizes it, and the RSS outside it moves with that; for a clean "
                    + "figure run with CLIPDECOMP_JAVA_OPTS='-Xms2g -Xmx2g -XX:+AlwaysPreTouch'");
        }
        SoakSampler sampler = new SoakSampler(soak.sampleEvery(), log);
        long start = System.nanoTime();
        long produced = 0;
        long waits = 0;
        long waitNanos = 0;
        long mostInFlight = 0;
        try (CommittedResults results = new CommittedResults(kafka)) {
            int next = 0;
            while (next < options.images() && !stopRequested && !job.getJobExecutionResult().isDone()) {
                int extra = next == 0 ? options.corrupt() : 0;
                int chunk = Math.min(Math.min(SOAK_CHUNK, soak.maxInFlight() - extra), options.images() - next);
                long waitStart = System.nanoTime();
                boolean waited = false;
                while (produced + chunk + extra - results.count() > soak.maxInFlight() && !stopRequested
                        && !job.getJobExecutionResult().isDone()) {
                    waited = true;
                    results.poll(RESULT_POLL);
                    sampleIfDue(sampler, produced, results);
                }
                if (waited) {
                    waits++;
                    waitNanos += System.nanoTime() - waitStart;
                }
                produced += publish(publisher, shapes, next, chunk);
                next += chunk;
                mostInFlight = Math.max(mostInFlight, produced - results.count());
                sampleIfDue(sampler, produced, results);
            }
            log.accept("soak: produced " + produced + "; waiting for the job to account for them");
            long lastCount = results.count();
            long lastProgress = System.nanoTime();
            while (results.count() < produced && !job.getJobExecutionResult().isDone()
                    && System.nanoTime() - lastProgress < SOAK_DRAIN_STALL.toNanos()) {
                if (results.poll(RESULT_POLL) > lastCount) {
                    lastCount = results.count();
                    lastProgress = System.nanoTime();
                }
                sampleIfDue(sampler, produced, results);
            }
            sampler.sample(produced, results.count());
            List<SoakSample> samples = sampler.samples();
            SoakReport report = new SoakReport(soak, produced, results.count(), waits, waitNanos / 1e9, mostInFlight,
                    (System.nanoTime() - start) / 1e9, samples, SoakVerdict.of(samples));
            log.accept(String.format("soak: %d of %d images accounted for in %.1f s (%.1f images/s), at most %d in "
                            + "flight, the producer waited %d times (%.1f s); %s", report.accounted(), produced,
                    report.seconds(), report.imagesPerSecond(), mostInFlight, waits, report.producerWaitSeconds(),
                    report.verdict().line()));
            return report;
        }
    }

    private static void sampleIfDue(SoakSampler sampler, long produced, CommittedResults results) {
        if (sampler.due()) {
            sampler.sample(produced, results.poll(Duration.ZERO));
        }
    }

    /** Waits for the job's end: null when it finished, else why it failed, said in one line of the log. */
    private String outcome(JobClient job) throws InterruptedException {
        try {
            job.getJobExecutionResult().get();
            return null;
        } catch (ExecutionException e) {
            String why = JobFailures.rootMessage(e);
            log.accept("the streaming job FAILED: " + why + " -- writing what it committed before the failure");
            return why;
        }
    }

    /** Cancels a job still running (a follow run's normal end); for one that already ended, its outcome. */
    private String cancelUnlessEnded(JobClient job) throws InterruptedException {
        if (!job.getJobExecutionResult().isDone()) {
            try {
                job.cancel().get();
                return null;
            } catch (ExecutionException endedMeanwhile) {
                // it ended between the check and the cancel: its result says how
            }
        }
        return outcome(job);
    }

    /** Keeps producing a few images a second and reporting progress until a stop is requested or the job ends. */
    private long follow(ImagePublisher publisher, ImageDataset shapes, long produced, KafkaEndpoints kafka,
                        JobClient job) throws Exception {
        int next = options.images();
        try (TopicReader<ImageDecomposition> reader = kafka.reader(kafka.decompositions())) {
            long decomposed = 0;
            long lastReport = System.nanoTime();
            while (!stopRequested) {
                if (job.getJobExecutionResult().isDone()) {
                    return produced;
                }
                produced += publish(publisher, shapes, next, 4);
                next += 4;
                decomposed += reader.poll(Duration.ofSeconds(1)).size();
                if (System.nanoTime() - lastReport > 5e9) {
                    log.accept("follow: produced " + produced + ", decomposed " + decomposed + " (Ctrl-C to stop)");
                    lastReport = System.nanoTime();
                }
            }
            log.accept("stopping: waiting for the job to catch up with " + produced + " images");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (readAll(kafka, kafka.decompositions()).size() + readAll(kafka, kafka.deadLetters()).size() < produced
                    && System.nanoTime() < deadline && !job.getJobExecutionResult().isDone()) {
                Thread.sleep(1000);
            }
        }
        return produced;
    }

    /**
     * Reads the output topics back and writes the decomposition files (rows in image order, with their list in
     * {@code _files_}), the means and the dead letters.
     */
    private DemoSummary collect(KafkaEndpoints kafka, ModelFolder folder, long produced, double seconds,
                                String failure, SoakReport soak) throws IOException {
        List<ImageDecomposition> decompositions = new ArrayList<>(readAll(kafka, kafka.decompositions()));
        decompositions.sort(Comparator.comparingLong(ImageDecomposition::getIndex));
        List<DeadLetter> deadLetters = new ArrayList<>(readAll(kafka, kafka.deadLetters()));
        deadLetters.sort(Comparator.comparingLong(DeadLetter::getIndex).thenComparing(DeadLetter::getRecordId));
        List<ComponentMeans> means = readAll(kafka, kafka.means());
        String model = options.modelName();
        Path out = options.outDir();
        try (DecompositionFileWriter files = new DecompositionFileWriter(out, dataset(), model, Math.max(1, produced),
                DecompositionShape.of(folder.config()), 1, false)) {
            for (ImageDecomposition d : decompositions) {
                files.write(d);
            }
            files.finish();
        }
        means.stream().max(Comparator.comparingLong(ComponentMeans::getCount)).ifPresent(m -> writeMeans(out, m));
        List<TextSpanResult> spans = readAll(kafka, kafka.textSpanResults());
        List<AblationReport> reports = readAll(kafka, kafka.ablationReports());
        writeAnalyses(out, spans, reports);
        List<SegmentationResult> segmentations = readAll(kafka, kafka.segmentationResults());
        writeSegmentation(out, segmentations);
        List<Map<String, Object>> letters = new ArrayList<>();
        List<DemoSummary.Rejection> rejections = new ArrayList<>();
        for (DeadLetter l : deadLetters) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", l.getRecordId());
            row.put("index", l.getIndex());
            row.put("stage", l.getStage());
            row.put("reason", l.getReason());
            letters.add(row);
            rejections.add(new DemoSummary.Rejection(l.getRecordId(), l.getIndex(), l.getStage(), l.getReason()));
        }
        Files.writeString(out.resolve(dataset() + "_dead_letters_" + model + ".json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(letters) + "\n", StandardCharsets.UTF_8);
        return new DemoSummary(produced, decompositions.size(), deadLetters.size(), means.size(), spans.size(),
                reports.size(), seconds, produced / seconds, failure, rejections, soak);
    }

    /**
     * Writes each head's latest TextSpan result ({@code {dataset}_textspan_{model}.json}) and the latest ablation
     * report ({@code {dataset}_ablation_{model}.json}), if any: unlabelled images give none.
     */
    private void writeAnalyses(Path out, List<TextSpanResult> spans, List<AblationReport> reports) throws IOException {
        Map<String, TextSpanResult> latest = new TreeMap<>();
        for (TextSpanResult r : spans) {
            latest.merge(String.format("%04d.%04d", r.getLayer(), r.getHead()), r,
                    (a, b) -> b.getImages() >= a.getImages() ? b : a);
        }
        List<Map<String, Object>> heads = new ArrayList<>();
        for (TextSpanResult r : latest.values()) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("layer", r.getLayer());
            head.put("head", r.getHead());
            head.put("images", r.getImages());
            head.put("texts", r.getTexts());
            head.put("variance", r.getVarianceShares());
            heads.add(head);
        }
        String model = options.modelName();
        FileReplacement.writeString(out.resolve(dataset() + "_textspan_" + model + ".json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(heads) + "\n");
        AblationReport r = reports.stream().max(Comparator.comparingLong(AblationReport::getImages)).orElse(null);
        if (r != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("images", r.getImages());
            json.put("baseline", r.getBaseline());
            json.put("mlps", r.getMlps());
            json.put("cls", r.getCls());
            json.put("mlpsAndCls", r.getMlpsAndCls());
            json.put("attentionLayers", r.getAttentionLayers());
            FileReplacement.writeString(out.resolve(dataset() + "_ablation_" + model + ".json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
        }
    }

    /** The latest running segmentation metrics, {@code {dataset}_segmentation_{model}.json}. */
    private void writeSegmentation(Path out, List<SegmentationResult> results) throws IOException {
        SegmentationResult last = results.stream().filter(SegmentationResult::getScored)
                .max(Comparator.comparingLong(SegmentationResult::getImages)).orElse(null);
        if (last == null) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", last.getImages());
        json.put("pixelAccuracy", last.getRunningPixelAccuracy());
        json.put("meanIoU", last.getRunningMeanIoU());
        json.put("meanAP", last.getRunningMeanAP());
        json.put("segmented", results.size());
        FileReplacement.writeString(out.resolve(dataset() + "_segmentation_" + options.modelName() + ".json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
    }

    private <V extends org.apache.avro.specific.SpecificRecord> List<V> readAll(KafkaEndpoints kafka, Topic<V> topic) {
        try (TopicReader<V> reader = kafka.reader(topic)) {
            return reader.readAll();
        }
    }

    private void writeMeans(Path out, ComponentMeans m) {
        String model = options.modelName();
        try {
            NpyWriter.write(out.resolve(dataset() + "_mean_attn_" + model + ".npy"), FloatTensors.unpack(m.getHeads()),
                    shape(FloatTensors.shape(m.getHeads())));
            NpyWriter.write(out.resolve(dataset() + "_mean_mlp_" + model + ".npy"), FloatTensors.unpack(m.getMlps()),
                    shape(FloatTensors.shape(m.getMlps())));
            NpyWriter.write(out.resolve(dataset() + "_mean_cls_attn_" + model + ".npy"),
                    FloatTensors.unpack(m.getClsAttn()), shape(FloatTensors.shape(m.getClsAttn())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long[] shape(int[] dims) {
        long[] s = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = dims[i];
        }
        return s;
    }

    private void writeSummary(DemoSummary s) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("produced", s.produced());
        json.put("decomposed", s.decomposed());
        json.put("deadLettered", s.deadLettered());
        json.put("meansEmitted", s.meansEmitted());
        json.put("textSpanResults", s.textSpanResults());
        json.put("ablationReports", s.ablationReports());
        json.put("accountedFor", s.accountsForEveryImage());
        json.put("jobFailure", s.jobFailure());
        json.put("seconds", s.seconds());
        json.put("imagesPerSecond", s.imagesPerSecond());
        json.put("model", options.modelName());
        json.put("parallelism", options.parallelism());
        if (options.inputDir() != null) {
            json.put("inputDir", options.inputDir().toString());
            List<Map<String, Object>> letters = new ArrayList<>();
            for (DemoSummary.Rejection r : s.deadLetters()) {
                Map<String, Object> letter = new LinkedHashMap<>();
                letter.put("id", r.id());
                letter.put("stage", r.stage());
                letter.put("reason", r.reason());
                letters.add(letter);
            }
            json.put("deadLetters", letters);
        }
        Files.writeString(options.outDir().resolve("summary.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n", StandardCharsets.UTF_8);
    }
}
