package io.clipdecomp.connectors.kafka;

import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.util.List;

/** Every Kafka topic of clipdecomp: the only place topic names are written down. */
public final class Topics {

    /** Images to decompose, keyed by image id. */
    public static final Topic<ImageRecord> IMAGES =
            Topic.of("clipdecomp.images", ImageRecord.class, ImageRecord::getId);

    /** One decomposition per image, keyed by image id. */
    public static final Topic<ImageDecomposition> DECOMPOSITIONS =
            Topic.of("clipdecomp.decompositions", ImageDecomposition.class, ImageDecomposition::getId);

    /** Running means per (model, dataset) for mean-ablation, keyed by {@code model/dataset}. */
    public static final Topic<ComponentMeans> COMPONENT_MEANS =
            Topic.of("clipdecomp.component-means", ComponentMeans.class, Topics::meansKey);

    /** Per-head TextSpan results over the images so far, keyed by {@code model/dataset/layer/head}. */
    public static final Topic<TextSpanResult> TEXTSPAN_RESULTS =
            Topic.of("clipdecomp.textspan-results", TextSpanResult.class,
                    r -> r.getModel() + "/" + r.getDataset() + "/" + r.getLayer() + "/" + r.getHead());

    /** Mean-ablation accuracies of the labelled images so far, keyed by {@code model/dataset}. */
    public static final Topic<AblationReport> ABLATION_REPORTS =
            Topic.of("clipdecomp.ablation-reports", AblationReport.class, r -> r.getModel() + "/" + r.getDataset());

    /** Per-group accuracies with and without the removed heads, keyed by {@code model/dataset}. */
    public static final Topic<SpuriousCueReport> SPURIOUS_REPORTS =
            Topic.of("clipdecomp.spurious-reports", SpuriousCueReport.class, r -> r.getModel() + "/" + r.getDataset());

    /** Per-image zero-shot segmentations with their scores, keyed by image id. */
    public static final Topic<SegmentationResult> SEGMENTATION_RESULTS =
            Topic.of("clipdecomp.segmentation-results", SegmentationResult.class, SegmentationResult::getId);

    /** Records that could not be processed, keyed by the rejected record's id. */
    public static final Topic<DeadLetter> DEAD_LETTERS =
            Topic.of("clipdecomp.dead-letters", DeadLetter.class, DeadLetter::getRecordId);

    private Topics() {
    }

    /** All topics above, e.g. to create them. */
    public static List<Topic<?>> all() {
        return List.of(IMAGES, DECOMPOSITIONS, COMPONENT_MEANS, TEXTSPAN_RESULTS, ABLATION_REPORTS, SPURIOUS_REPORTS,
                SEGMENTATION_RESULTS, DEAD_LETTERS);
    }

    private static String meansKey(ComponentMeans means) {
        return means.getModel() + "/" + means.getDataset();
    }
}
