package io.countersign.mcpgateway.adapter.out;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundReportsTest {

    @Test
    void eachIntentsReportsAreSentInOrderOffTheCallersThreadAndCloseSendsWhatIsQueued() throws Exception {
        Map<String, List<String>> sent = new ConcurrentHashMap<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        BackgroundReports reports = new BackgroundReports();
        reports.send("intent-0", () -> {
            await(release);
            sent.computeIfAbsent("intent-0", k -> new CopyOnWriteArrayList<>()).add("held");
        });
        for (int i = 0; i < 100; i++) {
            String intent = "intent-" + (i % 10);
            for (String status : List.of("STARTED", "SUCCEEDED")) {
                reports.send(intent, () -> {
                    sent.computeIfAbsent(intent, k -> new CopyOnWriteArrayList<>()).add(status);
                    threads.add(Thread.currentThread().getName());
                });
            }
        }
        assertThat(sent.get("intent-0")).as("the caller did not wait for intent-0's reports").isNull();
        release.countDown();
        reports.close();
        assertThat(sent).hasSize(10);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add("STARTED");
            pairs.add("SUCCEEDED");
        }
        assertThat(sent.get("intent-0")).first().isEqualTo("held");
        assertThat(sent.get("intent-0").subList(1, 21)).containsExactlyElementsOf(pairs);
        assertThat(sent.get("intent-7")).containsExactlyElementsOf(pairs);
        assertThat(threads).allMatch(t -> t.startsWith("mcp-execution-reports-"));
    }

    @Test
    void oneIntentsSlowReportDoesNotHoldUpEveryOtherIntent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch others = new CountDownLatch(BackgroundReports.LANES - 1);
        try (BackgroundReports reports = new BackgroundReports()) {
            reports.send("slow", () -> await(release));
            for (int i = 0; others.getCount() > 0 && i < 1_000; i++) {
                String intent = "other-" + i;
                if (Math.floorMod(intent.hashCode(), BackgroundReports.LANES) != Math.floorMod("slow".hashCode(), BackgroundReports.LANES)) {
                    reports.send(intent, others::countDown);
                }
            }
            assertThat(others.await(10, TimeUnit.SECONDS)).as("reports of intents on other lanes were sent").isTrue();
            release.countDown();
        }
    }

    @Test
    void aFullLaneMakesTheCallerWaitForRoomRatherThanLoseOrReorderAReport() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean lastQueued = new AtomicBoolean();
        try (BackgroundReports reports = new BackgroundReports()) {
            reports.send("i", () -> await(release));
            for (int i = 0; i < BackgroundReports.QUEUE; i++) {
                reports.send("i", () -> { });
            }
            Thread caller = new Thread(() -> {
                reports.send("i", () -> sent.add(Thread.currentThread().getName()));
                lastQueued.set(true);
            });
            caller.start();
            caller.join(300);
            assertThat(lastQueued).as("the caller waits while the lane is full").isFalse();
            release.countDown();
            caller.join(10_000);
            assertThat(lastQueued).isTrue();
        }
        assertThat(sent).singleElement().asString().startsWith("mcp-execution-reports-");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
