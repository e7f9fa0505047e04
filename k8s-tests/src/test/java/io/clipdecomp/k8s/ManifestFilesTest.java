package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every manifest of k8s/ parses, and each Kubernetes object names its kind and lives in our namespace. */
class ManifestFilesTest {

    @Test
    void everyYamlAndJsonFileParses() {
        List<Path> files = Manifests.files();
        assertTrue(files.size() >= 7, "manifests found: " + files);
        for (Path file : files) {
            assertFalse(Manifests.documents(file).isEmpty(), file + " has no document");
        }
    }

    @Test
    void everyKubernetesObjectHasItsKindNameAndNamespace() {
        for (Path file : Manifests.files()) {
            if (file.toString().endsWith(".json")) {
                continue;
            }
            for (JsonNode doc : Manifests.documents(file)) {
                String where = Manifests.K8S.relativize(file) + " " + doc.path("kind").asText("(no kind)");
                assertTrue(doc.path("apiVersion").isTextual() && doc.path("kind").isTextual(), where);
                assertTrue(doc.path("metadata").path("name").isTextual(), where + ": metadata.name");
                if (!doc.path("kind").asText().equals("Namespace")) {
                    assertEquals(namespace(), doc.path("metadata").path("namespace").asText(), where + ": namespace");
                }
            }
        }
    }

    @Test
    void aFileWithADuplicateKeyIsRejected(@TempDir Path dir) throws Exception {
        // YAML lets the second value win silently; a repeated key in a manifest is a mistake
        Path twice = Files.writeString(dir.resolve("twice.yaml"), "kind: A\nkind: B\n");
        assertThrows(UncheckedIOException.class, () -> Manifests.documents(twice));
    }

    private static String namespace() {
        return Manifests.document("namespace.yaml").path("metadata").path("name").asText();
    }
}
