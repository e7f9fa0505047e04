package io.clipdecomp.jobs.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a soak run measured: its settings, how often the producer had to wait for the job, the most images
 * ever in flight, the samples and the verdict on them.
 *
 * @param options how it produced and sampled
 * @param produced images offered to Kafka
 * @param accounted decompositions and dead letters committed when it ended
 * @param producerWaits times the producer waited because {@link SoakOptions#maxInFlight()} were in flight
 * @param producerWaitSeconds how long it waited in all
 * @param mostInFlight the most images produced and not yet accounted for, seen right after producing
 * @param seconds from the first image produced to the last result counted
 * @param samples the samples, oldest first
 * @param verdict whether memory grew after warm-up
 */
public record SoakReport(SoakOptions options, long produced, long accounted, long producerWaits,
                         double producerWaitSeconds, long mostInFlight,
                         double seconds, List<SoakSample> samples, SoakVerdict verdict) {

    public SoakReport {
        samples = List.copyOf(samples);
    }

    /** Images accounted for per second over the whole soak. */
    public double imagesPerSecond() {
        return accounted / Math.max(1e-9, seconds);
    }

    /** The report as soak.json holds it. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("produced", produced);
        json.put("accounted", accounted);
        json.put("seconds", seconds);
        json.put("imagesPerSecond", imagesPerSecond());
        json.put("maxInFlight", options.maxInFlight());
        json.put("mostInFlight", mostInFlight);
        json.put("producerWaits", producerWaits);
        json.put("producerWaitSeconds", producerWaitSeconds);
        json.put("sampleSeconds", options.sampleEvery().toMillis() / 1000.0);
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        jvm.put("arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        jvm.put("heapFixedAndTouched", ProcessMemory.heapFixedAndTouched());
        json.put("jvm", jvm);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("judged", verdict.judged());
        v.put("grew", verdict.grew());
        v.put("criterion", SoakVerdict.CRITERION);
        v.put("heapAfterGc", growth(verdict.heapAfterGc()));
        v.put("rssOutsideHeap", growth(verdict.rssOutsideHeap()));
        v.put("summary", verdict.line());
        json.put("verdict", v);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SoakSample s : samples) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seconds", s.seconds());
            row.put("produced", s.produced());
            row.put("accounted", s.accounted());
            row.put("inFlight", s.inFlight());
            row.put("imagesPerSecond", s.imagesPerSecond());
            row.put("heapUsedBytes", s.heapUsedBytes());
            row.put("heapAfterGcBytes", s.heapAfterGcBytes());
            row.put("heapCommittedBytes", s.heapCommittedBytes());
            row.put("rssBytes", s.rssBytes());
            if (s.rssBytes() >= 0) {
                row.put("rssOutsideHeapBytes", s.rssOutsideHeapBytes());
            }
            rows.add(row);
        }
        json.put("samples", rows);
        return json;
    }

    private static Map<String, Object> growth(SoakVerdict.Growth g) {
        if (g == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("secondThirdMedianBytes", g.secondThirdMedian());
        json.put("lastThirdMedianBytes", g.lastThirdMedian());
        json.put("allowedBytes", g.allowedBytes());
        json.put("grew", g.grew());
        return json;
    }
}
