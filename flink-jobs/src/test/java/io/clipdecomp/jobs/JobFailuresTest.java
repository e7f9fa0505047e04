package io.clipdecomp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.clipdecomp.core.io.WeightFileException;
import java.io.IOException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.junit.jupiter.api.Test;

/** What a failed job's exception chain says: the deepest message, and a model-file error wherever it sits. */
class JobFailuresTest {
    @Test
    void aModelFileErrorIsFoundInsideFlinksWrapping() {
        WeightFileException model = new WeightFileException("/m/open_clip_model.safetensors: tensor 'x' is missing");
        Exception job = new JobExecutionException(new JobID(), "Job execution failed.",
                new JobException("Recovery is suppressed", new IOException("open failed", model)));
        assertSame(model, JobFailures.modelFileFailure(job));
        assertEquals(model.getMessage(), JobFailures.rootMessage(job));
    }

    @Test
    void otherFailuresHaveNoModelFileError() {
        Exception job = new JobExecutionException(new JobID(), "Job execution failed.",
                new IllegalArgumentException("image cat/a.png (row 0) cannot be used: truncated"));
        assertNull(JobFailures.modelFileFailure(job));
        assertEquals("image cat/a.png (row 0) cannot be used: truncated", JobFailures.rootMessage(job));
    }
}
