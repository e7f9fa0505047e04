package io.clipdecomp.jobs.operators;

import io.clipdecomp.core.decompose.DecompositionOptions;
import java.io.Serializable;

/**
 * What the decomposition operator needs to build its model in each subtask: only configuration travels with
 * the job graph, never weights.
 *
 * @param modelDir the model folder, as seen from the task managers
 * @param modelName name written into every output record
 * @param device cpu, gpu (each subtask picks one, {@link DeviceAssignment}) or gpu:N
 * @param intraOpThreads PyTorch intra-op threads per JVM (cores / slots), 0 for the TaskManager's cores divided
 *     among its task slots
 * @param batchSize images per forward pass
 * @param flushMillis longest a buffered image waits for its batch to fill
 * @param tokenTerms also compute per-token terms (for file outputs)
 * @param textDirections unit text embeddings [T][d] to score every per-token term against, or null
 * @param segmentationClassifier a zero-shot classifier [d, C] .npy (as the task managers see it): segment every
 *     image against its predicted class, or null
 */
public record DecomposeSettings(String modelDir, String modelName, String device, int intraOpThreads, int batchSize,
                                long flushMillis, boolean tokenTerms, float[][] textDirections,
                                String segmentationClassifier) implements Serializable {
    /** How long an image waits for its batch to fill unless a command is told otherwise. */
    public static final long DEFAULT_FLUSH_MILLIS = 200;

    /** Settings without segmentation. */
    public DecomposeSettings(String modelDir, String modelName, String device, int intraOpThreads, int batchSize,
                             long flushMillis, boolean tokenTerms, float[][] textDirections) {
        this(modelDir, modelName, device, intraOpThreads, batchSize, flushMillis, tokenTerms, textDirections, null);
    }

    public DecomposeSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (flushMillis < 1) {
            throw new IllegalArgumentException("flush timeout must be at least 1 ms, got " + flushMillis);
        }
    }

    /**
     * PyTorch intra-op threads for each of {@code parallelism} subtasks: {@code requested} if positive, else this
     * machine's cores divided among the subtasks; on a cluster 0, so that each TaskManager divides its own cores
     * among its slots.
     */
    public static int threadsPerSubtask(int requested, int parallelism, boolean onCluster) {
        if (requested > 0) {
            return requested;
        }
        return onCluster ? 0 : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
    }

    /** These settings, also computing per-token terms if {@code perToken}. */
    public DecomposeSettings withTokenTerms(boolean perToken) {
        return new DecomposeSettings(modelDir, modelName, device, intraOpThreads, batchSize, flushMillis, perToken,
                textDirections, segmentationClassifier);
    }

    /** These settings, segmenting every image against the classifier {@code file} (null: none). */
    public DecomposeSettings withSegmentationClassifier(String file) {
        return new DecomposeSettings(modelDir, modelName, device, intraOpThreads, batchSize, flushMillis, tokenTerms,
                textDirections, file);
    }

    /** The core's options for these settings, with the segmentation classifier's class directions or null. */
    public DecompositionOptions options(float[][] contrastClasses) {
        return new DecompositionOptions(tokenTerms, textDirections, contrastClasses);
    }
}
