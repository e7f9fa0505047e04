package io.clipdecomp.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/** Chooses DJL devices and thread counts for the PyTorch engine, failing fast where a GPU is missing. */
public final class DjlRuntime {
    private DjlRuntime() {
    }

    /**
     * Sets PyTorch's intra-op and inter-op thread counts for this JVM. One model per task slot means
     * intra-op = cores / slots and inter-op 1: oversubscribed OpenMP threads do not just share the cores, they
     * wait for each other at every operation (measured here: 50x slower on a busy 2-core machine).
     * The intra-op count applies at once; the inter-op count only before the engine's first parallel work.
     */
    public static void configureThreads(int intraOp, int interOp) {
        if (intraOp > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
        }
        if (interOp > 0) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOp));
        }
        Engine.getEngine("PyTorch");
        if (intraOp > 0 && JniUtils.getNumThreads() != intraOp) {
            JniUtils.setNumThreads(intraOp);
        }
    }

    /** The number of GPUs the loaded libtorch sees: 0 with the bundled CPU build. */
    public static int visibleGpus() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }

    /**
     * The device for {@code cpu}, {@code gpu} or {@code gpu:N}.
     *
     * @throws IllegalStateException for a GPU that the loaded libtorch cannot see, saying how to supply one
     */
    public static Device device(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        int index = 0;
        if (n.startsWith("gpu:") || n.startsWith("cuda:")) {
            index = Integer.parseInt(n.substring(n.indexOf(':') + 1));
        } else if (!n.equals("gpu") && !n.equals("cuda")) {
            throw new IllegalArgumentException("unknown device '" + name + "': use cpu, gpu or gpu:N");
        }
        int gpus = visibleGpus();
        if (index >= gpus) {
            throw new IllegalStateException("--device " + name + ": the PyTorch engine sees " + gpus + " GPU(s). "
                    + "This build bundles the CPU libtorch; on a GPU machine supply a CUDA build of libtorch "
                    + Engine.getEngine("PyTorch").getVersion() + " with PYTORCH_LIBRARY_PATH=<its lib folder>, "
                    + "PYTORCH_VERSION and PYTORCH_FLAVOR (e.g. cu128) set, and DJL_OFFLINE=true.");
        }
        return Device.gpu(index);
    }
}
