package io.clipdecomp.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * Every configuration key that Flink's jars on the test classpath define: the key and the fallback (older) keys
 * of each static {@link ConfigOption} field of their {@code *Options} classes, which is where Flink declares them
 * (the classpath holds flink-core, flink-runtime, flink-clients, the RocksDB state backend and the Prometheus
 * reporter). Flink ignores an unknown key silently, so a misspelt one deploys without an error.
 */
final class FlinkConfigOptions {

    /**
     * Key families that Flink defines by a prefix and a name the user picks, not by one ConfigOption: a metric
     * reporter's settings ({@code metrics.reporter.<name>.<setting>}, {@code MetricOptions.forReporter}) and an
     * external resource's ({@code external-resource.<name>.<setting>}, {@code ExternalResourceOptions}), the
     * GPU driver's parameters among them.
     */
    static final List<String> PREFIX_FAMILIES = List.of("metrics.reporter.", "external-resource.");

    private static final Set<String> KEYS = scan();

    private FlinkConfigOptions() {
    }

    /** Every key found. */
    static Set<String> keys() {
        return KEYS;
    }

    /** Whether {@code key} is a key of a ConfigOption or lies in one of the {@link #PREFIX_FAMILIES}. */
    static boolean isKnown(String key) {
        return KEYS.contains(key) || PREFIX_FAMILIES.stream().anyMatch(key::startsWith);
    }

    private static Set<String> scan() {
        Set<String> keys = new TreeSet<>();
        try {
            Enumeration<URL> roots = FlinkConfigOptions.class.getClassLoader().getResources("org/apache/flink/");
            for (URL root : Collections.list(roots)) {
                if (root.openConnection() instanceof JarURLConnection jar) {
                    try (JarFile file = new JarFile(jar.getJarFileURL().getPath())) {
                        for (JarEntry entry : Collections.list(file.entries())) {
                            String name = entry.getName();
                            if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class")) {
                                addOptionsOf(name.substring(0, name.length() - 6).replace('/', '.'), keys);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Flink's jars on the classpath", e);
        }
        return Collections.unmodifiableSet(keys);
    }

    private static void addOptionsOf(String className, Set<String> keys) {
        Class<?> options;
        try {
            options = Class.forName(className, true, FlinkConfigOptions.class.getClassLoader());
        } catch (ReflectiveOperationException | LinkageError optionalDependencyMissing) {
            // an options class of a part of Flink whose dependencies are not here declares no key we use
            return;
        }
        for (Field field : options.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.add(fallback.getKey());
                    }
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    // a private option of an internal class: not one a deployment sets
                }
            }
        }
    }
}
