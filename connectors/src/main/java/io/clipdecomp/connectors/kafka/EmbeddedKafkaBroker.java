package io.clipdecomp.connectors.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) running inside this JVM, listening on
 * 127.0.0.1 only: the broker of the {@code demo} command and of the tests. Its listeners are PLAINTEXT, or
 * with {@link Builder#optSaslPlainUsers} SASL_PLAINTEXT (mechanism PLAIN) for the given users only.
 *
 * <p>It is Kafka's own server ({@link KafkaRaftServer}, what {@code kafka-server-start.sh} runs) on a log
 * directory formatted like {@code kafka-storage.sh format}, configured for one node: replication factor 1
 * for the internal topics, no initial rebalance delay, and message limits from a {@link RecordSizePolicy}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
 *     String bootstrap = broker.bootstrapServers();   // "127.0.0.1:<free port>"
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int ATTEMPTS_ON_PORT_RACE = 3;
    // the broker's own account for its connections to itself (broker to controller); its password never leaves
    private static final String BROKER_USER = "clipdecomp-broker";
    // what fits in a JAAS option name (user_NAME) and in its quoted value without escaping
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~@:+=/-]+");

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean ownsLogDir;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path logDir, boolean ownsLogDir) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
    }

    /** Starts a broker on a free port with a temporary log directory and the default record size policy. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    /** A builder for a broker with a chosen port, log directory, size policy or extra settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port}, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The log directory holding the metadata log and the topics' data. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits for it; deletes the log directory if it was a temporary one. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (ownsLogDir) {
            deleteRecursively(logDir);
        }
        LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers());
    }

    /** Options of an {@link EmbeddedKafkaBroker}; every one is optional. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path logDir;
        private RecordSizePolicy sizePolicy = RecordSizePolicy.DEFAULT;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private Map<String, String> saslUsers;

        private Builder() {
        }

        /** The client port; default 0: a free one. */
        public Builder optPort(int port) {
            this.port = requirePort(port, "broker port");
            return this;
        }

        /** The controller (KRaft quorum) port; default 0: a free one. */
        public Builder optControllerPort(int controllerPort) {
            this.controllerPort = requirePort(controllerPort, "controller port");
            return this;
        }

        /**
         * A log directory kept after {@link #close()}; formatted on first use, reused (with its topics) later.
         * Default: a temporary directory deleted on close.
         */
        public Builder optLogDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "log directory must not be null");
            return this;
        }

        /** The message size limits; default {@link RecordSizePolicy#DEFAULT}. */
        public Builder optRecordSizePolicy(RecordSizePolicy sizePolicy) {
            this.sizePolicy = Objects.requireNonNull(sizePolicy, "record size policy must not be null");
            return this;
        }

        /**
         * Makes both listeners SASL_PLAINTEXT with mechanism PLAIN, accepting only {@code users} (name to
         * password), e.g. to test clients' security settings. Default: PLAINTEXT, no authentication.
         *
         * @throws IllegalArgumentException if there are no users, a name is empty or holds other than letters,
         *     digits and {@code ._-}, or a password other than letters, digits and {@code ._~@:+=/-}
         */
        public Builder optSaslPlainUsers(Map<String, String> users) {
            if (users == null || users.isEmpty()) {
                throw new IllegalArgumentException("SASL users must not be empty");
            }
            users.forEach((name, password) -> {
                if (name == null || !USER_NAME.matcher(name).matches() || name.equals(BROKER_USER)) {
                    throw new IllegalArgumentException("SASL user name '" + name + "' must be letters, digits or "
                            + "._- and not " + BROKER_USER);
                }
                if (password == null || !PASSWORD.matcher(password).matches()) {
                    throw new IllegalArgumentException("password of SASL user " + name
                            + " must be letters, digits or ._~@:+=/-");
                }
            });
            this.saslUsers = Map.copyOf(users);
            return this;
        }

        /** Any other broker setting; set last, so it wins over the settings above. */
        public Builder optProperty(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("broker property name must not be blank");
            }
            extraProperties.put(key, Objects.requireNonNull(value, "value of broker property " + key + " must not be null"));
            return this;
        }

        /**
         * Formats the log directory if needed and starts the broker; returns once it serves clients.
         *
         * @throws IllegalStateException if the broker does not start (e.g. a given port is taken)
         */
        public EmbeddedKafkaBroker start() {
            boolean ownsLogDir = logDir == null;
            Path dir = ownsLogDir ? createTempDir() : logDir;
            boolean freePorts = port == 0 || controllerPort == 0;
            try {
                // a free port found by probing can be taken by someone else before Kafka binds it: try again then
                for (int attempt = 1; ; attempt++) {
                    int[] ports = choosePorts(port, controllerPort);
                    try {
                        return startOn(ports[0], ports[1], dir, ownsLogDir);
                    } catch (RuntimeException e) {
                        if (!freePorts || !causedByBind(e) || attempt >= ATTEMPTS_ON_PORT_RACE) {
                            throw new IllegalStateException("embedded Kafka broker did not start on " + HOST
                                    + " ports " + ports[0] + "/" + ports[1] + ": " + e.getMessage(), e);
                        }
                        LOG.warn("Port race on attempt {} to start the embedded Kafka broker, retrying", attempt, e);
                    }
                }
            } catch (RuntimeException e) {
                if (ownsLogDir) {
                    deleteRecursively(dir);
                }
                throw e;
            }
        }

        private EmbeddedKafkaBroker startOn(int brokerPort, int quorumPort, Path dir, boolean ownsLogDir) {
            Properties props = serverProperties(brokerPort, quorumPort, dir);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            formatIfNew(dir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            LOG.info("Embedded Kafka broker serving on {}:{} (controller port {}), log dir {}", HOST, brokerPort,
                    quorumPort, dir);
            return new EmbeddedKafkaBroker(server, brokerPort, dir, ownsLogDir);
        }

        private Properties serverProperties(int brokerPort, int quorumPort, Path dir) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            String protocol = saslUsers == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
            p.put("listeners", protocol + "://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + quorumPort);
            p.put("advertised.listeners", protocol + "://" + HOST + ":" + brokerPort);
            p.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:" + protocol);
            p.put("inter.broker.listener.name", protocol);
            p.put("controller.listener.names", "CONTROLLER");
            if (saslUsers != null) {
                p.putAll(saslProperties(protocol));
            }
            // a static one-voter quorum: no dynamic-quorum bootstrapping needed when formatting
            p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + quorumPort);
            p.put("log.dirs", dir.toAbsolutePath().toString());
            // one node: internal topics cannot have 3 replicas (else group and transaction coordinators never start)
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            // the default 128 MiB compaction buffer is heap this JVM's Flink and DJL need more
            p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
            p.putAll(sizePolicy.brokerProperties());
            p.putAll(extraProperties);
            Properties props = new Properties();
            props.putAll(p);
            return props;
        }

        private Map<String, String> saslProperties(String listener) {
            String brokerPassword = UUID.randomUUID().toString();
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                    .append(" username=\"").append(BROKER_USER).append("\" password=\"").append(brokerPassword)
                    .append("\" user_").append(BROKER_USER).append("=\"").append(brokerPassword).append('"');
            saslUsers.forEach((name, password) -> jaas.append(" user_").append(name).append("=\"").append(password)
                    .append('"'));
            jaas.append(';');
            Map<String, String> p = new LinkedHashMap<>();
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put("listener.name." + listener.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config", jaas.toString());
            p.put("listener.name.controller.plain.sasl.jaas.config", jaas.toString());
            return p;
        }

        private static void formatIfNew(Path dir) {
            if (Files.exists(dir.resolve("meta.properties"))) {
                return;
            }
            try {
                Files.createDirectories(dir);
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(dir.toAbsolutePath().toString())
                        .addDirectory(dir.toAbsolutePath().toString())
                        .run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot format Kafka log directory " + dir + ": " + e.getMessage(), e);
            }
        }

        private static int[] choosePorts(int brokerPort, int quorumPort) {
            // both sockets open at once, so two free ports differ; a given port that is taken fails here, clearly
            try (ServerSocket a = bind(brokerPort, "broker"); ServerSocket b = bind(quorumPort, "controller")) {
                return new int[] {a.getLocalPort(), b.getLocalPort()};
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a socket on " + HOST, e);
            }
        }

        private static ServerSocket bind(int port, String what) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            } catch (BindException e) {
                s.close();
                throw new IllegalStateException("embedded Kafka " + what + " port " + port + " on " + HOST
                        + " is in use", e);
            }
            return s;
        }

        private static boolean causedByBind(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                    return true;
                }
            }
            return false;
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("clipdecomp-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary Kafka log directory", e);
            }
        }

        private static int requirePort(int port, String what) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + " " + port + " must be between 0 (a free one) and 65535");
            }
            return port;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka log directory {}", dir, e);
        }
    }
}
