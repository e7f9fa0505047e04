package io.clipdecomp.jobs;

import io.clipdecomp.core.io.WeightFileException;

/** Finds what really went wrong in the exception chain Flink wraps a failed job in. */
public final class JobFailures {
    private JobFailures() {
    }

    /** The model-file error that made the job fail, or null if none did; its message is complete. */
    public static WeightFileException modelFileFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WeightFileException w) {
                return w;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The message of the deepest cause that has one. */
    public static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
