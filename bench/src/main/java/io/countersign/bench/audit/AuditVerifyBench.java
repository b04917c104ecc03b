package io.countersign.bench.audit;

import io.countersign.audit.AuditHasher;
import io.countersign.audit.ChainVerifier;
import io.countersign.schema.AgentRef;
import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.IntentSummary;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How fast the audit log verifies: a generated chain of realistic audit records, serialized as they
 * sit in Kafka, decoded with the writer's schema and checked link by link and hash by hash exactly as
 * {@code countersign audit verify} does, next to raw SHA-256 over the same bytes in the same run.
 */
public final class AuditVerifyBench {

    /** One measurement: records per second for the verifier and for raw SHA-256, best of the repetitions. */
    public record Row(int records, double averageBytes, double verifyPerSecond, double sha256PerSecond, double ratio) {
    }

    private static final Schema SCHEMA = AuditRecord.getClassSchema();

    private AuditVerifyBench() {
    }

    public static Row run(int records, int repetitions, PrintWriter progress) throws IOException {
        progress.printf("  generating a chain of %,d audit records ...%n", records);
        List<byte[]> log = generate(records);
        double avg = log.stream().mapToInt(b -> b.length).average().orElse(0);
        double bestVerify = 0;
        double bestSha = 0;
        for (int rep = 0; rep <= repetitions; rep++) {
            long t0 = System.nanoTime();
            int findings = verify(log);
            long t1 = System.nanoTime();
            long sink = sha256(log);
            long t2 = System.nanoTime();
            if (findings != 0) {
                throw new IllegalStateException("the generated chain does not verify: " + findings + " findings");
            }
            double verifyRate = records / ((t1 - t0) / 1e9);
            double shaRate = records / ((t2 - t1) / 1e9);
            progress.printf("  %s %d: verify %,.0f records/s, SHA-256 %,.0f records/s (%d)%n", rep == 0 ? "warm-up" : "repetition", rep,
                    verifyRate, shaRate, sink & 1);
            if (rep > 0) {
                bestVerify = Math.max(bestVerify, verifyRate);
                bestSha = Math.max(bestSha, shaRate);
            }
        }
        return new Row(records, avg, bestVerify, bestSha, bestVerify / bestSha);
    }

    /** Decodes and checks every record as the verifier does; returns the number of findings. */
    static int verify(List<byte[]> log) throws IOException {
        ChainVerifier chain = new ChainVerifier(0, Set.of());
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(SCHEMA);
        BinaryDecoder decoder = null;
        GenericRecord reuse = null;
        int findings = 0;
        for (int offset = 0; offset < log.size(); offset++) {
            byte[] v = log.get(offset);
            decoder = DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, decoder);
            reuse = reader.read(reuse, decoder);
            if (chain.accept(offset, reuse, SCHEMA).isPresent()) {
                findings++;
            }
        }
        return findings;
    }

    static long sha256(List<byte[]> log) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long x = 0;
            for (byte[] b : log) {
                x += sha.digest(b)[0];
            }
            return x;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<byte[]> generate(int n) throws IOException {
        List<byte[]> out = new ArrayList<>(n);
        SpecificDatumWriter<AuditRecord> writer = new SpecificDatumWriter<>(AuditRecord.class);
        String prev = AuditHasher.GENESIS;
        AuditEventType[] types = {AuditEventType.RECEIVED, AuditEventType.CLASSIFIED, AuditEventType.VERDICT};
        for (int i = 0; i < n; i++) {
            String intent = "intent-" + (i / 3);
            IntentSummary summary = IntentSummary.newBuilder().setIntentId(intent).setOccurredAt(Instant.ofEpochMilli(1_763_000_000_000L + i))
                    .setAgent(AgentRef.newBuilder().setId("agent:etl-" + (i % 17)).setOwner("user:olga@example.com").build())
                    .setPrincipal("user:alice@example.com").setDelegationChain(List.of("user:alice@example.com", "agent:etl-" + (i % 17)))
                    .setAction("db.export").setTargets(List.of("pg://crm/customers", "s3://lake/raw-" + (i % 100)))
                    .setMaskedParameters(new HashMap<>(Map.of("table", "customers", "format", "parquet", "where", "country = '***'")))
                    .build();
            AuditRecord r = AuditRecord.newBuilder().setIntentId(intent).setEventType(types[i % 3]).setOccurredAt(Instant.ofEpochMilli(1_763_000_000_000L + i))
                    .setActor("agent:etl-" + (i % 17)).setEvent(summary).setChainPartition(0).setSequence(i).setPrevHash(prev).setHash("").build();
            r.setHash(AuditHasher.hash(r));
            prev = r.getHash();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(new byte[] {0, 0, 0, 0, 1}); // Confluent framing: magic byte, schema id
            var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            writer.write(r, encoder);
            encoder.flush();
            out.add(bytes.toByteArray());
        }
        return out;
    }
}
