package io.countersign.mcpgateway.adapter.out;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundReportsTest {

    @Test
    void reportsAreSentInOrderOffTheCallersThreadAndCloseSendsWhatIsQueued() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        BackgroundReports reports = new BackgroundReports();
        reports.execute(() -> {
            await(release);
            sent.add("first");
        });
        for (int i = 0; i < 100; i++) {
            int n = i;
            reports.execute(() -> {
                sent.add("report " + n);
                threads.add(Thread.currentThread().getName());
            });
        }
        assertThat(sent).as("the caller did not wait for the reports").isEmpty();
        release.countDown();
        reports.close();
        assertThat(sent).hasSize(101).startsWith("first", "report 0", "report 1").endsWith("report 99");
        assertThat(threads).containsOnly("mcp-execution-reports");
    }

    @Test
    void aFullQueueMakesTheCallerSendItsOwnReportRatherThanLoseIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> callerSent = new CopyOnWriteArrayList<>();
        try (BackgroundReports reports = new BackgroundReports()) {
            reports.execute(() -> await(release));
            for (int i = 0; i < BackgroundReports.QUEUE; i++) {
                reports.execute(() -> { });
            }
            String caller = Thread.currentThread().getName();
            reports.execute(() -> callerSent.add(Thread.currentThread().getName()));
            assertThat(callerSent).containsExactly(caller);
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
