package io.countersign.processors.topology;

import io.countersign.audit.AuditHasher;
import io.countersign.audit.AuditSigner;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import io.countersign.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Links audit events into a per-partition hash chain and periodically signs the chain head.
 *
 * <p>Reads batches of unchained events from {@code countersign.audit.unchained}, which has as many
 * partitions as {@code countersign.audit}; the task for partition p owns chain p and links a batch's
 * events one after the other. The chain head
 * (sequence, hash) lives in a changelogged store and is updated in the same exactly-once transaction as
 * the output, so a crash can neither skip a sequence nor fork the chain. Forwards {@link AuditRecord}s
 * (to {@code countersign.audit}, partition p) and {@code AuditCheckpoint}s (to
 * {@code countersign.audit-checkpoints}).
 */
final class AuditChainProcessor implements Processor<String, AuditRecordBatch, String, SpecificRecord> {

    static final String NAME = "audit-chain";
    /** Its sink writes chain p to partition p of the audit topic, whatever the key hashes to. */
    static final NamedSink<AuditRecord> RECORDS = new NamedSink<>("audit-sink", Topics.AUDIT);
    static final NamedSink<AuditCheckpoint> CHECKPOINTS = new NamedSink<>("audit-checkpoints-sink", Topics.AUDIT_CHECKPOINTS);
    static final String HEAD_STORE = "audit-chain-head";
    private static final Logger LOG = LoggerFactory.getLogger(AuditChainProcessor.class);
    private static final String SIGNED_SUFFIX = "/signed";

    private final AuditSigner signer;
    private final Duration checkpointInterval;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, String> heads;

    private AuditChainProcessor(AuditSigner signer, Duration checkpointInterval, Clock clock) {
        this.signer = signer;
        this.checkpointInterval = checkpointInterval;
        this.clock = clock;
    }

    /** Makes the chain processor of each task, with the store of chain heads it owns. */
    static ProcessorSupplier<String, AuditRecordBatch, String, SpecificRecord> supplier(AuditSigner signer, Duration checkpointInterval,
                                                                                      Clock clock) {
        // Cached: a chain head changes with every record, and only the last one of each commit needs to
        // reach the changelog (the cache is flushed into the same transaction as the records).
        return new StoreOwningSupplier<>(() -> new AuditChainProcessor(signer, checkpointInterval, clock),
                Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEAD_STORE), Serdes.String(), Serdes.String())
                        .withCachingEnabled()));
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.heads = context.getStateStore(HEAD_STORE);
        context.schedule(checkpointInterval, PunctuationType.WALL_CLOCK_TIME, now -> checkpoint());
    }

    @Override
    public void process(Record<String, AuditRecordBatch> record) {
        int partition = context.recordMetadata().orElseThrow().partition();
        String key = Integer.toString(partition);
        Head head = Head.parse(heads.get(key));
        for (AuditRecord event : record.value().getEvents()) {
            AuditRecord chained = AuditRecord.newBuilder(event)
                    .setChainPartition(partition)
                    .setSequence(head.sequence() + 1)
                    .setPrevHash(head.hash())
                    .setHash("")
                    .build();
            chained.setHash(AuditHasher.hash(chained));
            head = new Head(chained.getSequence(), chained.getHash());
            // The head moves with every record forwarded, so a failure half-way through a batch
            // cannot leave a forwarded record outside the chain the next one links to.
            heads.put(key, head.format());
            RECORDS.forward(context, record.withValue(chained));
        }
    }

    /** Signs every chain head that moved since its last checkpoint. */
    void checkpoint() {
        try (var it = heads.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                if (entry.key.endsWith(SIGNED_SUFFIX)) {
                    continue;
                }
                Head head = Head.parse(entry.value);
                String signedKey = entry.key + SIGNED_SUFFIX;
                String signed = heads.get(signedKey);
                if (signed != null && Long.parseLong(signed) >= head.sequence()) {
                    continue;
                }
                int partition = Integer.parseInt(entry.key);
                CHECKPOINTS.forward(context, new Record<>(entry.key, signer.sign(partition, head.sequence(), head.hash(), clock.instant()),
                        clock.millis()));
                heads.put(signedKey, Long.toString(head.sequence()));
                LOG.debug("Signed audit checkpoint partition {} sequence {}", partition, head.sequence());
            }
        }
    }

    /** The last link of a chain; sequence -1 and the genesis hash before the first record. */
    record Head(long sequence, String hash) {
        static Head parse(String stored) {
            if (stored == null) {
                return new Head(-1, AuditHasher.GENESIS);
            }
            int bar = stored.indexOf('|');
            return new Head(Long.parseLong(stored.substring(0, bar)), stored.substring(bar + 1));
        }

        String format() {
            return sequence + "|" + hash;
        }
    }
}
