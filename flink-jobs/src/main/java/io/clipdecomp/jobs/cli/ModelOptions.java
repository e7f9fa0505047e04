package io.clipdecomp.jobs.cli;

import ai.djl.Device;
import io.clipdecomp.core.model.ClipModel;
import io.clipdecomp.core.model.DjlRuntime;
import io.clipdecomp.core.model.ModelFolder;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every model-using command shares: which model, on which device, how many threads. */
public final class ModelOptions {

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Model folder in the OpenCLIP layout (default: the bundled models/shapes-tiny).")
    Path modelDir;

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "Name used in output file names (default: the model folder's name).")
    String modelName;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu|gpu:N",
            description = "DJL device (default: ${DEFAULT-VALUE}). gpu needs a CUDA libtorch supplied by the "
                    + "deployment.")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch intra-op threads (default: all cores; in a job, shared among its subtasks).")
    int threads;

    /** The model folder, resolved against the working directory and normalised, or the bundled one. */
    public Path modelDir() {
        // normalised so that "." or "x/.." still give the folder's own name to modelName()
        return modelDir != null ? modelDir.toAbsolutePath().normalize() : Installation.defaultModelDir();
    }

    /** The name for output files. */
    public String modelName() {
        if (modelName != null && !modelName.isBlank()) {
            return modelName;
        }
        return modelDir().getFileName().toString();
    }

    /** Opens and checks the model folder. */
    public ModelFolder folder() throws IOException {
        return ModelFolder.open(modelDir());
    }

    /** Configures threads, picks the device (failing fast for a missing GPU) and loads the model. */
    public ClipModel load(ModelFolder folder) throws IOException {
        DjlRuntime.configureThreads(threads, 1);
        Device d = DjlRuntime.device(device);
        return ClipModel.load(folder, d);
    }
}
