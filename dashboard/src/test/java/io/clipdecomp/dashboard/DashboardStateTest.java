package io.clipdecomp.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's events, computed from records by hand. */
class DashboardStateTest {
    private static JsonObject json(DashboardEvent e) {
        return JsonParser.parseString(e.json()).getAsJsonObject();
    }

    @Test
    void theHeadGridHoldsTheNormOfEachHeadsMeanContribution() {
        DashboardEvent e = new DashboardState().means(ResultRecords.means(100));
        assertEquals("heads", e.type());
        JsonArray norms = json(e).getAsJsonArray("norms");
        assertEquals(ResultRecords.LAYERS, norms.size());
        for (int l = 0; l < ResultRecords.LAYERS; l++) {
            assertEquals(ResultRecords.HEADS, norms.get(l).getAsJsonArray().size());
            for (int h = 0; h < ResultRecords.HEADS; h++) {
                assertEquals(Math.sqrt((l + 1) * (l + 1) + h * h), norms.get(l).getAsJsonArray().get(h).getAsDouble(),
                        1e-6, "head " + l + "." + h);
            }
        }
        assertEquals(100, json(e).get("images").getAsLong());
    }

    @Test
    void imagesPerSecondIsTheCountOverTheLastTenSeconds() {
        DashboardState state = new DashboardState();
        long second = 1_000_000_000L;
        for (int i = 0; i <= 20; i++) {
            state.decomposed(i * second / 4); // 4 images a second for 5 s
        }
        JsonObject t = json(state.throughput(5 * second));
        assertEquals(21, t.get("decomposed").getAsLong());
        assertEquals(4.0, t.get("imagesPerSecond").getAsDouble(), 1e-9, "20 images after the first in 5 s");
        // 30 s later nothing arrives any more: the rate falls to 0, the count stays
        JsonObject later = json(state.throughput(35 * second));
        assertEquals(0.0, later.get("imagesPerSecond").getAsDouble());
        assertEquals(21, later.get("decomposed").getAsLong());
    }

    @Test
    void aLateBrowserGetsTheLatestOfEachKindWithinItsBounds() {
        DashboardState state = new DashboardState();
        state.means(ResultRecords.means(10));
        state.means(ResultRecords.means(20));
        state.textSpan(ResultRecords.textSpan(1, 2, List.of("a lake", "grass"), List.of(0.6, 0.3)));
        state.textSpan(ResultRecords.textSpan(1, 2, List.of("the ocean"), List.of(0.7)));
        state.textSpan(ResultRecords.textSpan(0, 0, List.of("stripes"), List.of(0.2)));
        state.ablation(ResultRecords.ablation());
        for (int i = 0; i < DashboardState.IMAGES + 3; i++) {
            state.segmentation(ResultRecords.segmentation("img-" + i));
        }
        for (int i = 0; i < DashboardState.DEAD_LETTERS + 5; i++) {
            state.deadLetter(ResultRecords.deadLetter("bad-" + i, "decode", "unrecognised image format"));
        }
        List<DashboardEvent> snapshot = state.snapshot(0);
        assertEquals(1 + 1 + 2 + 1 + DashboardState.IMAGES + DashboardState.DEAD_LETTERS, snapshot.size());
        assertEquals(20, json(snapshot.get(1)).get("images").getAsLong(), "the latest means only");
        assertEquals("the ocean", json(snapshot.get(2)).getAsJsonArray("texts").get(0).getAsString(),
                "head 1.2's latest texts");
        assertEquals("img-3", json(snapshot.get(5)).get("id").getAsString(), "the oldest image kept");
        assertEquals(DashboardState.DEAD_LETTERS + 5, json(snapshot.get(0)).get("deadLettered").getAsLong(),
                "every dead letter counted, even those no longer listed");
        JsonObject image = json(snapshot.get(5));
        assertEquals(List.of(ResultRecords.png(0xffffff).length),
                List.of(Base64.getDecoder().decode(image.get("mask").getAsString()).length), "the mask's PNG bytes");
    }

    @Test
    void eventsAreWrittenInTheEventStreamFormat() {
        assertEquals("event: heads\ndata: {\"a\":1}\n\n", new DashboardEvent("heads", "{\"a\":1}").wireFormat());
    }
}
