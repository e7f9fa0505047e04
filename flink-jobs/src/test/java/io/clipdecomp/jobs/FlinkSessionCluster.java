package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A Flink session cluster on 127.0.0.1 made of separate JVMs, as a stock distribution's scripts would start it:
 * a JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each
 * with {@code lib/*} on its class path, a config folder written here, and its output in a log file; plus the
 * {@code flink} command-line client and the REST calls the tests need. {@link #close()} ends every process it
 * started, and so does a shutdown hook if the test JVM goes first.
 */
final class FlinkSessionCluster implements AutoCloseable {
    /** What Flink's own config.yaml gives every Flink JVM on Java 17. */
    private static final List<String> JAVA_17_OPTIONS = List.of("--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    /** Small JVMs that start fast on two shared cores. */
    private static final List<String> SMALL_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k");
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final Path conf;
    private final String classPath;
    private final int restPort;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Every process started, clients included: what {@link #close()} and the shutdown hook end. */
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Thread shutdownHook = new Thread(this::destroyAll, "flink-session-cluster-cleanup");

    /**
     * Writes the cluster's configuration under {@code dir}; starts nothing yet.
     *
     * @param libs the folders whose jars make the cluster's {@code lib/} (in this order)
     * @param slots task slots per TaskManager
     */
    FlinkSessionCluster(Path dir, List<Path> libs, int slots) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.conf = Files.createDirectories(dir.resolve("conf"));
        List<String> jars = new ArrayList<>();
        for (Path lib : libs) {
            assertTrue(Files.isDirectory(lib), lib + " is missing: build it with mvn package (or run mvn verify)");
            try (Stream<Path> files = Files.list(lib)) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> jars.add(f.toString()));
            }
        }
        this.classPath = String.join(java.io.File.pathSeparator, jars);
        this.restPort = freePort();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", HOST);
        c.put("jobmanager.rpc.port", Integer.toString(freePort()));
        c.put("jobmanager.bind-host", HOST);
        c.put("rest.address", HOST);
        c.put("rest.bind-address", HOST);
        c.put("rest.port", Integer.toString(restPort));
        c.put("blob.server.port", Integer.toString(freePort()));
        c.put("taskmanager.host", HOST);
        c.put("taskmanager.bind-host", HOST);
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        // what Flink's scripts compute for a TaskManager, given in full: it refuses to start without them
        c.put("taskmanager.cpu.cores", Integer.toString(slots));
        c.put("taskmanager.memory.framework.heap.size", "64m");
        c.put("taskmanager.memory.task.heap.size", "192m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.memory.framework.off-heap.size", "64m");
        c.put("taskmanager.memory.task.off-heap.size", "32m");
        c.put("taskmanager.memory.network.min", "32m");
        c.put("taskmanager.memory.network.max", "32m");
        c.put("taskmanager.memory.jvm-metaspace.size", "192m");
        c.put("taskmanager.memory.jvm-overhead.min", "64m");
        c.put("taskmanager.memory.jvm-overhead.max", "64m");
        // a lost TaskManager is noticed within seconds, not the default 50
        c.put("heartbeat.interval", "1 s");
        c.put("heartbeat.timeout", "6 s");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "30");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        c.put("state.backend.type", "rocksdb");
        c.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("web.tmpdir", dir.resolve("web").toString());
        StringBuilder yaml = new StringBuilder();
        c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml.toString());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the JobManager and waits for its REST endpoint. */
    void startJobManager() throws IOException, InterruptedException {
        start("jobmanager", "-Xmx320m", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of());
        await("the JobManager's REST endpoint", Duration.ofSeconds(90), () -> overview() != null);
    }

    /** Starts a TaskManager whose resource id (in REST answers and in its log) is {@code id}. */
    void startTaskManager(String id) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve(id + "-tmp"));
        // heap = framework + task heap, direct = framework + task off-heap + network, as the scripts set them
        start(id, "-Xmx256m", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of("-D", "taskmanager.resource-id=" + id, "-D", "io.tmp.dirs=" + tmp),
                "-Xms256m", "-XX:MaxDirectMemorySize=128m", "-XX:MaxMetaspaceSize=192m");
    }

    /** Waits until exactly these TaskManagers are registered. */
    void awaitTaskManagers(List<String> ids) throws InterruptedException {
        await("TaskManagers " + ids, Duration.ofSeconds(90), () -> taskManagers().equals(ids));
    }

    /** The ids of the registered TaskManagers, sorted. */
    List<String> taskManagers() {
        JsonNode answer = get("/taskmanagers");
        List<String> ids = new ArrayList<>();
        answer.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
        ids.sort(null);
        return ids;
    }

    /** Kills a TaskManager (or the JobManager) with SIGKILL and waits for the process to end. */
    void kill(String id) throws InterruptedException {
        Process p = processes.get(id);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), id + " ends after SIGKILL");
    }

    /** The process started as {@code id}. */
    Process process(String id) {
        return processes.get(id);
    }

    /** What a process started as {@code id} has written so far. */
    String log(String id) {
        try {
            return Files.readString(dir.resolve(id + ".log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code flink run options... jar args...} (Flink's {@code CliFrontend} with the cluster's {@code lib/}
     * and config, as {@code bin/flink} runs it) in {@code workDir}; its stdout and stderr go to {@code name.out}
     * there.
     */
    Process flinkRun(String name, Path workDir, List<String> options, Path jar, List<String> args,
                     Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        command.addAll(SMALL_JVM);
        command.addAll(JAVA_17_OPTIONS);
        command.addAll(List.of("-cp", classPath, "org.apache.flink.client.cli.CliFrontend", "run"));
        command.addAll(options);
        command.add(jar.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        Process p = builder.start();
        started.add(p);
        return p;
    }

    /**
     * Uploads a jar through the REST API ({@code POST /jars/upload}) and runs it ({@code POST /jars/:id/run}):
     * its main method runs in the JobManager. Returns the id of the job it submitted.
     */
    String uploadAndRun(Path jar, List<String> args) throws IOException, InterruptedException {
        String boundary = "----clipdecomp" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(upload.statusCode() == 200, "jar upload: " + upload.statusCode() + " " + upload.body());
        String uploaded = Path.of(json.readTree(upload.body()).path("filename").asText()).getFileName().toString();
        String body = json.writeValueAsString(Map.of("programArgsList", args));
        HttpResponse<String> run = http.send(HttpRequest.newBuilder(uri("/jars/" + uploaded + "/run"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(run.statusCode() == 200, "jar run: " + run.statusCode() + " " + run.body());
        return json.readTree(run.body()).path("jobid").asText();
    }

    /** GET on the REST API; the answer as JSON, or null when the endpoint does not answer. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Cancels a job (its retained checkpoint stays) and waits for it to be CANCELED. */
    void cancel(String job) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/jobs/" + job + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 202, "cancel " + job + ": " + response.statusCode() + " "
                + response.body());
        await("job " + job + " to be cancelled", Duration.ofSeconds(60), () -> "CANCELED".equals(state(job)));
    }

    /** The job's state (RUNNING, CANCELED ...), or null if the cluster does not know it (yet). */
    String state(String job) {
        JsonNode answer = get("/jobs/" + job);
        return answer == null ? null : answer.path("state").asText();
    }

    /** The ids of the jobs in state RUNNING. */
    List<String> runningJobs() {
        JsonNode answer = get("/jobs/overview");
        List<String> ids = new ArrayList<>();
        if (answer != null) {
            answer.path("jobs").forEach(j -> {
                if (j.path("state").asText().equals("RUNNING")) {
                    ids.add(j.path("jid").asText());
                }
            });
        }
        return ids;
    }

    /** Whether every task of the job is RUNNING. */
    boolean allTasksRunning(String job) {
        JsonNode answer = get("/jobs/" + job);
        if (answer == null || !answer.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : answer.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The TaskManagers (ids, sorted) running the subtasks of the job's vertex whose name holds {@code name}; empty
     * while the cluster cannot tell.
     */
    List<String> taskManagersOf(String job, String name) {
        JsonNode answer = get("/jobs/" + job);
        List<String> ids = new ArrayList<>();
        for (JsonNode vertex : answer == null ? List.<JsonNode>of() : answer.path("vertices")) {
            if (vertex.path("name").asText().contains(name)) {
                JsonNode tms = get("/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/taskmanagers");
                if (tms != null) {
                    tms.path("taskmanagers").forEach(tm -> ids.add(tm.path("taskmanager-id").asText()));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The job's checkpoint statistics. */
    JsonNode checkpoints(String job) {
        return get("/jobs/" + job + "/checkpoints");
    }

    /** The failures the job has recovered from (or not), oldest first as Flink lists them. */
    JsonNode exceptions(String job) {
        return get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries");
    }

    /** Polls until {@code condition} holds, failing after {@code timeout} with the end of every log. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what + "\n" + tails());
            }
            Thread.sleep(250);
        }
    }

    /** The last lines of every process's log, for a failure message. */
    String tails() {
        StringBuilder out = new StringBuilder();
        for (String id : processes.keySet()) {
            List<String> lines = log(id).lines().toList();
            out.append("--- ").append(id).append(processes.get(id).isAlive() ? "" : " (ended)").append('\n');
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    /** Ends every process it started. */
    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void destroyAll() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        for (Process p : started) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void start(String id, String heap, String mainClass, List<String> args, String... jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), heap));
        command.addAll(List.of(jvmOptions));
        command.addAll(SMALL_JVM);
        command.addAll(JAVA_17_OPTIONS);
        // our operators' INFO lines (the device each subtask uses), Flink's from WARN
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.clipdecomp=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                // Kafka's client metrics collide by name in every sink's metric group: a WARN each, harmless
                "-Dorg.slf4j.simpleLogger.log.org.apache.flink.metrics.MetricGroup=error",
                "-Dai.djl.offline=true"));
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            command.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        command.addAll(List.of("-cp", classPath, mainClass, "--configDir", conf.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(id + ".log").toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process p = builder.start();
        started.add(p);
        processes.put(id, p);
    }

    private JsonNode overview() {
        return get("/overview");
    }

    private URI uri(String path) {
        return URI.create("http://" + HOST + ":" + restPort + path);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
