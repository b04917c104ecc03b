package io.countersign.approvals.opensearch;

import io.countersign.approvals.application.port.out.BlastRadiusLookup;
import io.countersign.approvals.domain.BlastRadius;
import io.countersign.search.BlastRadiusQuery;
import io.countersign.search.OpenSearchClients;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link BlastRadiusLookup} answered from the lineage index ({@link BlastRadiusQuery}: downstream datasets that
 * inherit the targets' labels, their labels, their agents in the window). Bounded: each lookup gets
 * {@link BlastRadiusConfig#budget()} (the client's connects and reads time out at it too) and visits at most
 * {@link BlastRadiusConfig#maxDatasets()} datasets; what does not answer in time, or fails, is
 * {@link BlastRadius.Unavailable#UNREACHABLE}, so a card is never held back by the index. Each set of targets'
 * answer is cached for {@code cacheSeconds}. An index that did not answer is not asked again, for any targets,
 * for a tenth of that (at least a second): a list of fifty pending requests costs one budget, not fifty, while
 * the index is down. Logs the number of targets and the failure, never dataset names.
 */
public final class OpenSearchBlastRadius implements BlastRadiusLookup {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchBlastRadius.class);

    private record Cached(BlastRadius radius, Instant until) {
    }

    private final BlastRadiusConfig config;
    private final BlastRadiusQuery query;
    private final Clock clock;
    private final Map<List<String>, Cached> cache = new ConcurrentHashMap<>();
    private volatile Instant downUntil = Instant.MIN;
    // Daemon threads: a lookup stuck past its budget must not keep a stopping service alive.
    private final ExecutorService lookups = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "blast-radius-lookup");
        t.setDaemon(true);
        return t;
    });

    public OpenSearchBlastRadius(BlastRadiusConfig config) {
        this(config, OpenSearchClients.create(config.opensearchUrl(), config.budget()), Clock.systemUTC());
    }

    /** On a client the caller already has (its own timeouts; the budget still bounds each lookup), {@code opensearchUrl} unused. */
    public OpenSearchBlastRadius(BlastRadiusConfig config, OpenSearchClient client) {
        this(config, client, Clock.systemUTC());
    }

    OpenSearchBlastRadius(BlastRadiusConfig config, OpenSearchClient client, Clock clock) {
        this.config = config;
        this.query = new BlastRadiusQuery(client);
        this.clock = clock;
    }

    @Override
    public Optional<BlastRadius> of(List<String> datasets) {
        List<String> key = datasets.stream().distinct().sorted().toList();
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && now.isBefore(hit.until())) {
            return Optional.of(hit.radius());
        }
        if (now.isBefore(downUntil)) {
            return Optional.of(BlastRadius.Unavailable.UNREACHABLE);
        }
        BlastRadius radius = ask(key, now);
        if (radius instanceof BlastRadius.Unavailable) {
            Duration pause = Duration.ofSeconds(config.cacheSeconds()).dividedBy(10);
            downUntil = now.plus(pause.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : pause);
            return Optional.of(radius);
        }
        cache.values().removeIf(c -> !now.isBefore(c.until()));
        cache.put(key, new Cached(radius, now.plus(Duration.ofSeconds(config.cacheSeconds()))));
        return Optional.of(radius);
    }

    private BlastRadius ask(List<String> datasets, Instant now) {
        Future<BlastRadiusQuery.Result> answer = lookups.submit(() -> query.of(datasets, config.depth(), config.maxDatasets(),
                Duration.ofDays(config.windowDays()), now));
        try {
            BlastRadiusQuery.Result r = answer.get(config.budgetMillis(), TimeUnit.MILLISECONDS);
            return new BlastRadius.Known(r.reached().size(), r.hops(), r.capped(), r.labelled(), (int) Math.min(Integer.MAX_VALUE, r.consumers()),
                    config.windowDays());
        } catch (TimeoutException e) {
            answer.cancel(true);
            LOG.warn("Blast radius of {} target(s) not answered within {} ms; cards say it is unavailable", datasets.size(), config.budgetMillis());
        } catch (ExecutionException e) {
            LOG.warn("Blast radius of {} target(s) unavailable: {}", datasets.size(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return BlastRadius.Unavailable.UNREACHABLE;
    }
}
