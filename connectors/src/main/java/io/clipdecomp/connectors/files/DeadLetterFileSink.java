package io.clipdecomp.connectors.files;

import com.google.gson.GsonBuilder;
import io.clipdecomp.schemas.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes the dead letters of a bounded run as one JSON list (index, id, stage, reason), ordered by index,
 * when input ends. Runs with parallelism 1.
 */
public final class DeadLetterFileSink implements Sink<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String file;

    public DeadLetterFileSink(Path file) {
        this.file = file.toString();
    }

    @Override
    public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException("DeadLetterFileSink writes one file: run it with parallelism 1");
        }
        return new SinkWriter<>() {
            private final List<DeadLetter> letters = new ArrayList<>();
            private boolean written;

            @Override
            public void write(DeadLetter letter, Context context) {
                letters.add(letter);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                if (endOfInput && !written) {
                    written = true;
                    letters.sort(Comparator.comparingLong(DeadLetter::getIndex));
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (DeadLetter l : letters) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("index", l.getIndex());
                        row.put("id", l.getRecordId());
                        row.put("stage", l.getStage());
                        row.put("reason", l.getReason());
                        rows.add(row);
                    }
                    Files.writeString(Path.of(file), new GsonBuilder().setPrettyPrinting().create().toJson(rows) + "\n",
                            StandardCharsets.UTF_8);
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
