package io.clipdecomp.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipdecomp.connectors.kafka.EmbeddedKafkaBroker;
import io.clipdecomp.connectors.kafka.RecordSizePolicy;
import io.clipdecomp.connectors.kafka.Topic;
import io.clipdecomp.connectors.kafka.TopicAdmin;
import io.clipdecomp.connectors.kafka.TopicProducer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard against a real in-process broker: result records on the topics reach a browser's event stream and,
 * in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), the page shows them: a head-grid cell,
 * the texts of the clicked head, a mask image, a dead letter's reason. The screenshot is kept in
 * {@code target/dashboard.png}.
 */
class DashboardPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String REASON = "image bad-7 cannot be used: unrecognised image format (16 bytes)";

    private static EmbeddedKafkaBroker broker;
    private static DashboardServer dashboard;

    @BeforeAll
    static void brokerRecordsAndDashboard() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        ResultTopics topics = ResultTopics.DEFAULT;
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            for (Topic<?> topic : topics.all()) {
                admin.ensureTopic(topic, 1);
            }
        }
        send(topics.means(), ResultRecords.means(100));
        send(topics.textSpan(), ResultRecords.textSpan(1, 2, List.of("a lake", "grass"), List.of(0.6, 0.25)));
        send(topics.ablation(), ResultRecords.ablation());
        send(topics.spurious(), ResultRecords.spurious());
        send(topics.segmentation(), ResultRecords.segmentation("img-42"));
        send(topics.deadLetters(), ResultRecords.deadLetter("bad-7", "decode", REASON));
        for (int i = 0; i < 3; i++) {
            send(topics.decompositions(), ResultRecords.decomposition("img-" + i));
        }
        dashboard = DashboardServer.start(broker.bootstrapServers(), topics, RecordSizePolicy.DEFAULT, Map.of(),
                new InetSocketAddress(DashboardServer.DEFAULT_HOST, 0));
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        broker.close();
    }

    private static <V extends SpecificRecord> void send(Topic<V> topic, V record) {
        try (TopicProducer<V> producer = new TopicProducer<>(broker.bootstrapServers(), topic,
                RecordSizePolicy.DEFAULT)) {
            producer.send(record);
            producer.flush();
        }
    }

    @Test
    void theEventStreamCarriesEveryKindOfResult() throws Exception {
        assertEquals("127.0.0.1", dashboard.uri().getHost(), "loopback unless told otherwise");
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(dashboard.uri().resolve("events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        TreeSet<String> seen = new TreeSet<>();
        boolean counted = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line = in.readLine(); line != null && System.nanoTime() < deadline; line = in.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                    seen.add(event);
                } else if (line.startsWith("data: ") && "throughput".equals(event)
                        && line.contains("\"decomposed\":3") && line.contains("\"deadLettered\":1")) {
                    counted = true;
                }
                if (counted && seen.size() == 7) {
                    break;
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("ablation", "deadLetter", "heads", "segmentation", "spurious", "textspan",
                "throughput")), seen);
        assertTrue(counted, "the throughput counts the 3 decompositions and the dead letter");
    }

    @Test
    void aBrowserShowsTheHeadsTheirTextsTheMasksAndTheDeadLetters() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(dashboard.uri().toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(b -> !b.findElements(By.id("head-1-2")).isEmpty());
            assertEquals(String.format("%.3f", Math.sqrt(2 * 2 + 2 * 2)),
                    browser.findElement(By.id("head-1-2")).getText(), "head 1.2's mean norm, |(2, 2, 0, 0)|");
            wait.until(b -> b.findElement(By.id("head-name")).getText().equals("1.2"));
            assertTrue(browser.findElement(By.id("head-1-2")).getAttribute("class").contains("selected"),
                    "the page opens on the head with the largest mean contribution");
            browser.findElement(By.id("head-0-0")).click();
            wait.until(b -> b.findElement(By.id("head-texts")).getText().contains("no TextSpan result"));
            browser.findElement(By.id("head-1-2")).click();
            wait.until(b -> b.findElement(By.id("head-texts")).getText().contains("a lake"));
            assertEquals("a lake (60.0% of the variance)\ngrass (25.0% of the variance)",
                    browser.findElement(By.id("head-texts")).getText().replace("\r", ""));
            wait.until(b -> !b.findElements(By.cssSelector("#images img.mask")).isEmpty());
            String mask = browser.findElement(By.cssSelector("#images img.mask")).getAttribute("src");
            assertTrue(mask.startsWith("data:image/png;base64,"), mask);
            assertTrue((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "const img = document.querySelector('#images img.mask'); return img.complete && "
                            + "img.naturalWidth === 4;"), "the mask decodes as the 4 x 4 PNG it is");
            wait.until(b -> b.findElement(By.id("dead-letters")).getText().contains(REASON));
            wait.until(b -> b.findElement(By.id("decomposed")).getText().equals("3"));
            assertTrue(browser.findElement(By.id("spurious")).getText().contains("after removing 3.2, 3.3"));
            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
