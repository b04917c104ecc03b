package io.countersign.sdk;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The guard protocol: submit, wait for the verdict, run only if allowed, and report the execution.
 * Kept apart from {@link Countersign} because the ordering and failure rules deserve their own page.
 */
final class Guard {
    private static final System.Logger LOG = System.getLogger(Guard.class.getName());

    private Guard() {
    }

    static <T> T run(Countersign cs, Intent intent, Duration timeout, Callable<T> action) throws Exception {
        IntentHandle handle = cs.submit(intent);
        Verdict verdict = handle.awaitVerdict(timeout);
        if (!verdict.isAllowed()) {
            throw new IntentDeniedException(intent.action(), handle.intentId(), verdict);
        }
        String id = handle.intentId();
        String hash = verdict.intentHash();
        // If STARTED cannot be recorded we do not run: an unaudited privileged action is worse than a failed one.
        cs.reportExecution(id, ExecutionReport.builder(ExecutionStatus.STARTED).executedHash(hash).build());
        T result;
        try {
            result = action.call();
        } catch (Exception | Error failure) {
            try {
                // Only the class name: exception messages often carry the very data being protected.
                cs.reportExecution(id, ExecutionReport.builder(ExecutionStatus.FAILED).executedHash(hash)
                        .detail(failure.getClass().getName()).build());
            } catch (RuntimeException reportFailure) {
                failure.addSuppressed(reportFailure);
            }
            throw failure;
        }
        try {
            cs.reportExecution(id, ExecutionReport.builder(ExecutionStatus.SUCCEEDED).executedHash(hash).build());
        } catch (CountersignException e) {
            // The action already took effect; throwing now would invite the caller to run it twice.
            LOG.log(System.Logger.Level.WARNING, "intent {0} ({1}) ran but reporting SUCCEEDED failed: {2}",
                    id, intent.action(), e.getMessage());
        }
        return result;
    }
}
