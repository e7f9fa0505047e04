package io.clipdecomp.jobs.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

/** The device each decomposition subtask takes, from Flink's GPU resources, the engine's GPU count, or as given. */
class DeviceAssignmentTest {
    private static final IntSupplier NOT_ASKED = () -> {
        throw new AssertionError("the engine's GPU count is not needed here");
    };

    /** A GPU as Flink's GPU driver describes it: one property, its index. */
    private record StubGpu(Map<String, String> properties) implements ExternalResourceInfo {
        static StubGpu index(String index) {
            return new StubGpu(Map.of(DeviceAssignment.INDEX, index));
        }

        @Override
        public Optional<String> getProperty(String key) {
            return Optional.ofNullable(properties.get(key));
        }

        @Override
        public Collection<String> getKeys() {
            return properties.keySet();
        }
    }

    private static String device(String requested, Set<ExternalResourceInfo> gpus, int subtask, int visible) {
        return DeviceAssignment.of(requested, gpus, subtask, () -> visible).device();
    }

    @Test
    void cpuAndAPinnedGpuAreUsedAsGivenWhateverFlinkOffers() {
        Set<ExternalResourceInfo> gpus = Set.of(StubGpu.index("0"), StubGpu.index("1"));
        assertEquals("cpu", DeviceAssignment.of("cpu", gpus, 1, NOT_ASKED).device());
        assertEquals("gpu:1", DeviceAssignment.of("gpu:1", gpus, 0, NOT_ASKED).device());
        assertEquals("--device gpu:1", DeviceAssignment.of("gpu:1", gpus, 0, NOT_ASKED).reason());
    }

    @Test
    void subtasksSpreadOverTheGpusFlinkGaveTheirTaskManagerInIndexOrder() {
        // the order Flink's set happens to have must not matter: indexes are sorted
        Set<ExternalResourceInfo> gpus = Set.of(StubGpu.index("3"), StubGpu.index("2"));
        assertEquals(List.of("gpu:2", "gpu:3", "gpu:2", "gpu:3"),
                List.of(device("gpu", gpus, 0, 4), device("gpu", gpus, 1, 4), device("gpu", gpus, 2, 4),
                        device("gpu", gpus, 3, 4)));
        DeviceAssignment third = DeviceAssignment.of("GPU", gpus, 2, () -> 4);
        assertTrue(third.reason().contains("Flink's GPU resource [2, 3], subtask 2 mod 2"), third.reason());
        assertEquals("gpu:3", device(" cuda ", gpus, 1, 4));
    }

    @Test
    void withoutFlinksResourcesSubtasksTakeTheVisibleGpusModuloTheirNumber() {
        assertEquals(List.of("gpu:0", "gpu:1", "gpu:2", "gpu:0", "gpu:1"),
                List.of(device("gpu", Set.of(), 0, 3), device("gpu", Set.of(), 1, 3), device("gpu", Set.of(), 2, 3),
                        device("gpu", Set.of(), 3, 3), device("gpu", Set.of(), 4, 3)));
        DeviceAssignment a = DeviceAssignment.of("gpu", Set.of(), 4, () -> 3);
        assertTrue(a.reason().contains("subtask 4 mod the 3 GPU(s) the engine sees"), a.reason());
    }

    @Test
    void withNoVisibleGpuTheRequestStaysAsAskedSoThatOpeningItFailsWithTheEnginesMessage() {
        assertEquals("gpu", device("gpu", Set.of(), 1, 0));
        assertEquals("gpu", device("gpu", Set.of(StubGpu.index("0")), 1, 0));
    }

    @Test
    void aGpuIndexTheEngineDoesNotSeeIsRefusedNamingBoth() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> device("gpu", Set.of(StubGpu.index("3")), 0, 2));
        assertTrue(e.getMessage().contains("GPU(s) [3], but the PyTorch engine sees 2 (indexes 0 to 1)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--device gpu:N"), e.getMessage());
    }

    @Test
    void aGpuWithoutAnIntegerIndexIsRefusedNamingItsProperties() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> device("gpu", Set.of(new StubGpu(Map.of("uuid", "GPU-1"))), 0, 1));
        assertTrue(missing.getMessage().contains("'index' property is missing (properties [uuid])"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("GPUDriverFactory"), missing.getMessage());
        IllegalStateException notNumber = assertThrows(IllegalStateException.class,
                () -> device("gpu", Set.of(StubGpu.index("first")), 0, 1));
        assertTrue(notNumber.getMessage().contains("'index' property is 'first'"), notNumber.getMessage());
    }
}
