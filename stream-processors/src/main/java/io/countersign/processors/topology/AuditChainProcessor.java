package io.countersign.processors.topology;

import io.countersign.audit.AuditHasher;
import io.countersign.audit.AuditSigner;
import io.countersign.contracts.topics.Topics;
import io.countersign.schema.AuditCheckpoint;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.AuditRecordBatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
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
 * {@code countersign.audit-checkpoints}). Of the first-wins gate's decisions it lets each intent's first through, with
 * its verdict or approval request ({@link FirstDecisions}).
 */
final class AuditChainProcessor implements Processor<String, AuditRecordBatch, String, SpecificRecord> {

    static final String NAME = "audit-chain";
    /** Its sink writes chain p to partition p of the audit topic, whatever the key hashes to. */
    static final NamedSink<AuditRecord> RECORDS = new NamedSink<>("audit-sink", Topics.AUDIT);
    static final NamedSink<AuditCheckpoint> CHECKPOINTS = new NamedSink<>("audit-checkpoints-sink", Topics.AUDIT_CHECKPOINTS);
    private static final Logger LOG = LoggerFactory.getLogger(AuditChainProcessor.class);

    private final AuditSigner signer;
    private final Duration checkpointInterval;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private ChainHeads heads;
    private FirstDecisions firstDecisions;

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
        // Whichever gate runs, the chain owns the store of first decisions: batches of the first-wins gate may still be
        // on the topic when a deployment switches back to the exactly-once gate.
        return new StoreOwningSupplier<>(() -> new AuditChainProcessor(signer, checkpointInterval, clock),
                Set.of(headsStore(), SeenIntents.storeBuilder(FirstDecisions.STORE)));
    }

    private static StoreBuilder<?> headsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChainHeads.STORE), Serdes.String(), Serdes.String())
                .withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.heads = new ChainHeads(context.getStateStore(ChainHeads.STORE));
        this.firstDecisions = new FirstDecisions(context, clock);
        context.schedule(checkpointInterval, PunctuationType.WALL_CLOCK_TIME, now -> checkpoint());
    }

    @Override
    public void process(Record<String, AuditRecordBatch> record) {
        var metadata = context.recordMetadata().orElseThrow();
        int partition = metadata.partition();
        // A first-wins gate's decision: its verdict or request is written here, by the chain, once.
        boolean gateDecision = record.value().getDelivers();
        if (gateDecision && !firstDecisions.admit(record.value(), partition, metadata.offset())) {
            return;
        }
        ChainHeads.Head head = heads.head(partition);
        for (AuditRecord event : record.value().getEvents()) {
            // The batch was decoded for this call alone, so its events are linked in place: no copy.
            event.setChainPartition(partition);
            event.setSequence(head.sequence() + 1);
            event.setPrevHash(head.hash());
            AuditRecord chained = AuditHasher.seal(event);
            head = new ChainHeads.Head(chained.getSequence(), chained.getHash());
            // The head moves with every record forwarded, so a failure half-way through a batch
            // cannot leave a forwarded record outside the chain the next one links to.
            heads.advance(partition, head);
            RECORDS.forward(context, record.withValue(chained));
        }
        if (gateDecision) {
            firstDecisions.forward(context, record);
        }
    }

    /** Signs every chain head that moved since its last checkpoint. */
    void checkpoint() {
        for (ChainHeads.Unsigned chain : heads.unsigned()) {
            int partition = chain.partition();
            long sequence = chain.head().sequence();
            CHECKPOINTS.forward(context, new Record<>(Integer.toString(partition),
                    signer.sign(partition, sequence, chain.head().hash(), clock.instant()), clock.millis()));
            heads.signed(partition, sequence);
            LOG.debug("Signed audit checkpoint partition {} sequence {}", partition, sequence);
        }
    }
}
