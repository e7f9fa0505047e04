package io.clipdecomp.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.schemas.AblationReport;
import io.clipdecomp.schemas.ComponentMeans;
import io.clipdecomp.schemas.DeadLetter;
import io.clipdecomp.schemas.FloatTensors;
import io.clipdecomp.schemas.ImageDecomposition;
import io.clipdecomp.schemas.ImageRecord;
import io.clipdecomp.schemas.SegmentationResult;
import io.clipdecomp.schemas.SpuriousCueReport;
import io.clipdecomp.schemas.TextSpanResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void topicsHaveDistinctNamesAndTheirRecordTypes() {
        assertEquals("clipdecomp.images", Topics.IMAGES.name());
        assertEquals(ImageRecord.class, Topics.IMAGES.valueClass());
        assertEquals(ImageDecomposition.class, Topics.DECOMPOSITIONS.valueClass());
        assertEquals(ComponentMeans.class, Topics.COMPONENT_MEANS.valueClass());
        assertEquals(DeadLetter.class, Topics.DEAD_LETTERS.valueClass());
        Set<String> names = new HashSet<>();
        Topics.all().forEach(t -> names.add(t.name()));
        assertEquals(TextSpanResult.class, Topics.TEXTSPAN_RESULTS.valueClass());
        assertEquals(AblationReport.class, Topics.ABLATION_REPORTS.valueClass());
        assertEquals(SpuriousCueReport.class, Topics.SPURIOUS_REPORTS.valueClass());
        assertEquals(SegmentationResult.class, Topics.SEGMENTATION_RESULTS.valueClass());
        assertEquals(8, names.size());
        assertTrue(names.stream().allMatch(n -> n.startsWith("clipdecomp.")), names.toString());
    }

    @Test
    void keysAreTheRecordIdentities() throws Exception {
        ComponentMeans means = ComponentMeans.newBuilder().setModel("ViT-B-16").setDataset("imagenet").setCount(1)
                .setHeads(FloatTensors.pack(new float[] {0f}, 1)).setMlps(FloatTensors.pack(new float[] {0f}, 1))
                .setClsAttn(FloatTensors.pack(new float[] {0f}, 1)).setEmittedAt(Instant.EPOCH).build();
        assertEquals("ViT-B-16/imagenet", Topics.COMPONENT_MEANS.keyOf().apply(means));

        ImageRecord image = ImageRecord.newBuilder().setId("img-7").setSource("s").setBytes(ByteBuffer.allocate(0))
                .setFormat("png").setEventTime(Instant.EPOCH).build();
        assertEquals("img-7", Topics.IMAGES.keyOf().apply(image));
        // key functions travel inside Flink sinks, so they must survive Java serialization
        assertEquals("img-7", InstantiationUtil.clone(Topics.IMAGES.keyOf()).apply(image));
        assertEquals("ViT-B-16/imagenet", InstantiationUtil.clone(Topics.COMPONENT_MEANS.keyOf()).apply(means));
        TextSpanResult span = TextSpanResult.newBuilder().setModel("ViT-B-16").setDataset("imagenet").setLayer(11)
                .setHead(3).setImages(1).setEmittedAt(Instant.EPOCH).build();
        assertEquals("ViT-B-16/imagenet/11/3", InstantiationUtil.clone(Topics.TEXTSPAN_RESULTS.keyOf()).apply(span));
        AblationReport report = AblationReport.newBuilder().setModel("ViT-B-16").setDataset("imagenet").setImages(1)
                .setBaseline(1).setMlps(1).setCls(1).setMlpsAndCls(1).setEmittedAt(Instant.EPOCH).build();
        assertEquals("ViT-B-16/imagenet", InstantiationUtil.clone(Topics.ABLATION_REPORTS.keyOf()).apply(report));
    }

    @Test
    void withNameKeepsTypeAndKey() {
        Topic<ImageRecord> renamed = Topics.IMAGES.withName("my-images");
        assertEquals("my-images", renamed.name());
        assertEquals(ImageRecord.class, renamed.valueClass());
        assertEquals("clipdecomp.images", Topics.IMAGES.name());
    }

    @Test
    void rejectsIllegalTopicNames() {
        for (String bad : List.of("", ".", "..", "has space", "slash/name", "x".repeat(250))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Topic.of(bad, DeadLetter.class, DeadLetter::getRecordId), bad);
            assertTrue(e.getMessage().contains("not a legal Kafka topic name"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Topics.IMAGES.withName(null));
    }
}
