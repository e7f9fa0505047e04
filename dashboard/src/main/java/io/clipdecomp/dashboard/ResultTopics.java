package io.clipdecomp.dashboard;

import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.Topics;
import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.util.List;

/**
 * The result topics the page shows, under the names one deployment gives them.
 *
 * @param decompositions one decomposition per image (counted, for the images/s)
 * @param means running means (the head grid)
 * @param textSpan per-head TextSpan results (a clicked head's texts)
 * @param ablation mean-ablation reports (the curve)
 * @param spurious spurious-cue reports (group accuracies before and after the head removal)
 * @param segmentation per-image masks and heatmaps
 * @param deadLetters rejected records and why
 */
public record ResultTopics(Topic<ImageDecomposition> decompositions, Topic<ComponentMeans> means,
                           Topic<TextSpanResult> textSpan, Topic<AblationReport> ablation,
                           Topic<SpuriousCueReport> spurious, Topic<SegmentationResult> segmentation,
                           Topic<DeadLetter> deadLetters) {

    /** The registry's names, as {@code stream} writes them. */
    public static final ResultTopics DEFAULT = new ResultTopics(Topics.DECOMPOSITIONS, Topics.COMPONENT_MEANS,
            Topics.TEXTSPAN_RESULTS, Topics.ABLATION_REPORTS, Topics.SPURIOUS_REPORTS, Topics.SEGMENTATION_RESULTS,
            Topics.DEAD_LETTERS);

    /** All seven, in the order the feed reads them. */
    public List<Topic<?>> all() {
        return List.of(decompositions, means, textSpan, ablation, spurious, segmentation, deadLetters);
    }
}
