package io.clipdecomp.jobs;

/** Finds what really went wrong in the exception chain Flink wraps a failed job in. */
public final class JobFailures {
    private JobFailures() {
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
