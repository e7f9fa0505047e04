package io.clipdecomp.jobs.operators;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Which GPU a decomposition subtask uses for {@code --device gpu}: one of those Flink's external-resource
 * framework gave its TaskManager (resource {@value #RESOURCE}, property {@value #INDEX}), else one of those the
 * engine sees, by subtask index modulo their number, so that the slots of a multi-GPU TaskManager spread over its
 * GPUs instead of all using GPU 0. Any other device ({@code cpu}, {@code gpu:N}) is used as given.
 *
 * @param device the device to open: {@code cpu}, {@code gpu:N}, or what was asked when no GPU is there (then
 *     opening it fails with the engine's GPU count and how to supply a CUDA libtorch)
 * @param reason where the choice comes from, for the log
 */
public record DeviceAssignment(String device, String reason) {
    /** The name of Flink's GPU resource ({@code external-resources: gpu}, Flink's GPU driver). */
    public static final String RESOURCE = "gpu";
    /** The property of a GPU resource that holds its device index. */
    public static final String INDEX = "index";

    /**
     * The device of subtask {@code subtask} (0-based).
     *
     * @param requested the {@code --device} value
     * @param gpus the TaskManager's GPUs from {@code getExternalResourceInfos("gpu")}, empty without them
     * @param visibleGpus the number of GPUs the engine sees, asked only for {@code gpu}
     * @throws IllegalStateException when Flink's GPUs lack an integer index, or name one the engine does not see
     */
    public static DeviceAssignment of(String requested, Collection<ExternalResourceInfo> gpus, int subtask,
                                      IntSupplier visibleGpus) {
        String n = requested.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("gpu") && !n.equals("cuda")) {
            return new DeviceAssignment(requested, "--device " + requested);
        }
        return ofAnyGpu(requested, gpus, subtask, visibleGpus.getAsInt());
    }

    private static DeviceAssignment ofAnyGpu(String requested, Collection<ExternalResourceInfo> gpus, int subtask,
                                             int visibleGpus) {
        List<Integer> indexes = gpus.stream().map(DeviceAssignment::index).distinct().sorted().toList();
        if (!indexes.isEmpty() && visibleGpus > 0) {
            int index = indexes.get(subtask % indexes.size());
            if (index >= visibleGpus) {
                throw new IllegalStateException("Flink's external resource '" + RESOURCE + "' gives this "
                        + "TaskManager GPU(s) " + indexes + ", but the PyTorch engine sees " + visibleGpus
                        + " (indexes 0 to " + (visibleGpus - 1) + "): give the TaskManager's JVM all of its GPUs "
                        + "(CUDA_VISIBLE_DEVICES renumbers them), or pin one with --device gpu:N");
            }
            return new DeviceAssignment("gpu:" + index, "Flink's GPU resource " + indexes + ", subtask "
                    + subtask + " mod " + indexes.size());
        }
        if (visibleGpus > 0) {
            return new DeviceAssignment("gpu:" + subtask % visibleGpus, "no GPU resource from Flink; subtask "
                    + subtask + " mod the " + visibleGpus + " GPU(s) the engine sees");
        }
        return new DeviceAssignment(requested, "--device " + requested + ", but the engine sees no GPU");
    }

    private static int index(ExternalResourceInfo gpu) {
        Optional<String> index = gpu.getProperty(INDEX);
        try {
            return Integer.parseInt(index.orElseThrow().trim());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Flink's external resource '" + RESOURCE + "' has a GPU whose '"
                    + INDEX + "' property is " + index.map(i -> "'" + i + "'").orElse("missing") + " (properties "
                    + gpu.getKeys() + "): configure Flink's GPU driver (external-resource." + RESOURCE
                    + ".driver-factory.class: org.apache.flink.externalresource.gpu.GPUDriverFactory)", e);
        }
    }
}
