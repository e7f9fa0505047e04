package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of k8s/ and the repository around them, read as the tests need them. */
final class Manifests {

    /** The repository root, from the build (the module's parent folder). */
    static final Path ROOT = Path.of(System.getProperty("clipdecomp.root", "..")).toAbsolutePath().normalize();
    /** The deployment's folder. */
    static final Path K8S = ROOT.resolve("k8s");

    /** Reads YAML into model classes the way an operator must: an unknown or mistyped field is an error. */
    static final ObjectMapper STRICT_YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private Manifests() {
    }

    /** Every YAML or JSON file under k8s/, sorted. */
    static List<Path> files() {
        try (Stream<Path> all = Files.walk(K8S)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")
                            || p.toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + K8S, e);
        }
    }

    /** Every document of a YAML file (those separated by {@code ---}), or the one of a JSON file. */
    static List<JsonNode> documents(Path file) {
        try {
            if (file.toString().endsWith(".json")) {
                return List.of(JSON.readTree(file.toFile()));
            }
            try (var parser = new YAMLFactory().createParser(file.toFile())) {
                return STRICT_YAML.readValues(parser, JsonNode.class).readAll().stream()
                        .filter(d -> d != null && !d.isMissingNode() && !d.isNull()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + K8S.relativize(file) + ": " + e.getMessage(), e);
        }
    }

    /** The documents of {@code k8s/<name>}. */
    static List<JsonNode> documents(String name) {
        return documents(K8S.resolve(name));
    }

    /** The one document of {@code k8s/<name>}. */
    static JsonNode document(String name) {
        List<JsonNode> docs = documents(name);
        assertEquals(1, docs.size(), "documents in k8s/" + name);
        return docs.get(0);
    }

    /** The documents of {@code k8s/<name>} of this kind. */
    static List<JsonNode> ofKind(String name, String kind) {
        return documents(name).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** A text file of the repository. */
    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }
}
