package io.clipdecomp.connectors.dataset;

import io.clipdecomp.core.data.ImageDataset;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReaderBase;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.NumberSequenceIterator;

/**
 * A bounded source of the first {@code count} images of a dataset, as {@link ImageRecord}s carrying their row
 * index. The index range is split across readers like {@link NumberSequenceSource}'s; each reader opens its
 * own copy of the dataset and reads an item's file only when it emits it.
 *
 * <pre>{@code
 * env.fromSource(DatasetSource.of(new DatasetSpec("folder", "/data/images", Map.of())),
 *         WatermarkStrategy.noWatermarks(), "images");
 * }</pre>
 */
public final class DatasetSource implements Source<ImageRecord, NumberSequenceSplit, Collection<NumberSequenceSplit>>,
        ResultTypeQueryable<ImageRecord> {
    private static final long serialVersionUID = 1L;

    private final DatasetSpec spec;
    private final NumberSequenceSource indices;

    private DatasetSource(DatasetSpec spec, long count) {
        this.spec = spec;
        this.indices = new NumberSequenceSource(0, count - 1);
    }

    /** All images of the dataset. */
    public static DatasetSource of(DatasetSpec spec) throws IOException {
        return of(spec, Integer.MAX_VALUE);
    }

    /** The first {@code limit} images of the dataset (all if it has fewer); opens it once to count them. */
    public static DatasetSource of(DatasetSpec spec, int limit) throws IOException {
        try (ImageDataset dataset = spec.open()) {
            long count = Math.min(limit, dataset.size());
            if (count < 1) {
                throw new IllegalArgumentException("dataset " + spec.name() + " at " + spec.path() + " has no images");
            }
            return new DatasetSource(spec, count);
        }
    }

    /** Number of images this source emits. */
    public long count() {
        return indices.getTo() + 1;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<ImageRecord, NumberSequenceSplit> createReader(SourceReaderContext context) {
        return new Reader(context, spec);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context) {
        return indices.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> checkpoint) {
        return indices.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
        return indices.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<NumberSequenceSplit>> getEnumeratorCheckpointSerializer() {
        return indices.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<ImageRecord> getProducedType() {
        return new AvroTypeInfo<>(ImageRecord.class);
    }

    /** Reads the items of its index ranges from its own copy of the dataset. */
    @SuppressWarnings("try") // Flink's reader base class declares close() throws Exception
    private static final class Reader
            extends IteratorSourceReaderBase<Long, ImageRecord, NumberSequenceIterator, NumberSequenceSplit> {
        private final DatasetSpec spec;
        private ImageDataset dataset;

        Reader(SourceReaderContext context, DatasetSpec spec) {
            super(context);
            this.spec = spec;
        }

        @Override
        public void start() {
            try {
                dataset = spec.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open dataset " + spec.name() + " at " + spec.path()
                        + ": " + e.getMessage(), e);
            }
            super.start();
        }

        @Override
        protected ImageRecord convert(Long index) {
            return DatasetRecords.read(dataset, Math.toIntExact(index));
        }

        @Override
        public void close() throws Exception {
            if (dataset != null) {
                dataset.close();
            }
            super.close();
        }
    }
}
