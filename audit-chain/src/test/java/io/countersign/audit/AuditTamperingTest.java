package io.countersign.audit;

import io.countersign.schema.AuditRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 random single tamperings of a serialized audit chain — a field edited in place (hash kept), a
 * byte flipped, a record deleted (the last one included), two neighbours swapped, a record replayed
 * twice, a record moved in from another chain — are each reported by the verifier the way
 * {@code countersign audit verify} runs it (chain, then the signed head), and the untouched log
 * raises no alarm.
 */
class AuditTamperingTest {

    private static final Schema SCHEMA = AuditRecord.getClassSchema();
    private static final int LENGTH = 300;

    @Test
    void everySingleTamperingIsReportedAndTheUntouchedLogIsNot() throws IOException {
        List<AuditRecord> chain = AuditChainFixtures.chain(0, LENGTH);
        List<byte[]> log = new ArrayList<>();
        for (AuditRecord r : chain) {
            log.add(bytes(r));
        }
        String signedHead = chain.get(LENGTH - 1).getHash();
        assertThat(findings(log, signedHead)).as("no false alarm on the untouched log").isEmpty();

        byte[] foreign = bytes(AuditChainFixtures.chain(1, 5).get(2));
        Random random = new Random(8);
        int[] byKind = new int[6];
        for (int trial = 0; trial < 1_000; trial++) {
            List<byte[]> copy = new ArrayList<>(log);
            int k = random.nextInt(LENGTH);
            int kind = trial % 6;
            switch (kind) {
                case 0 -> {
                    AuditRecord edited = AuditRecord.newBuilder(chain.get(k)).build();
                    switch (random.nextInt(3)) {
                        case 0 -> edited.setActor("agent:someone-else");
                        case 1 -> edited.setOccurredAt(Instant.ofEpochMilli(edited.getOccurredAt().toEpochMilli() + 1 + random.nextInt(1_000)));
                        default -> edited.setNote("approved by the CEO");
                    }
                    copy.set(k, bytes(edited));
                }
                case 1 -> {
                    byte[] b = copy.get(k).clone();
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    copy.set(k, b);
                }
                case 2 -> copy.remove(k);
                case 3 -> {
                    int j = k == LENGTH - 1 ? k - 1 : k + 1;
                    copy.set(k, log.get(j));
                    copy.set(j, log.get(k));
                }
                case 4 -> copy.add(k + 1, log.get(k));
                default -> copy.add(k, foreign);
            }
            assertThat(findings(copy, signedHead)).as("trial %d: tampering kind %d at record %d is reported", trial, kind, k).isNotEmpty();
            byKind[kind]++;
        }
        assertThat(byKind).containsOnly(1_000 / 6, 1_000 / 6 + 1);
    }

    /** What {@code audit verify} finds: chain problems, then whether the chain reaches the signed head. */
    private static List<String> findings(List<byte[]> log, String signedHead) {
        ChainVerifier verifier = new ChainVerifier(0, Set.of((long) LENGTH - 1));
        List<String> out = new ArrayList<>();
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(SCHEMA);
        for (int offset = 0; offset < log.size(); offset++) {
            try {
                GenericRecord r = reader.read(null, DecoderFactory.get().binaryDecoder(log.get(offset), null));
                Optional<ChainVerifier.Finding> f = verifier.accept(offset, r, SCHEMA);
                f.ifPresent(x -> out.add(x.toString()));
            } catch (IOException | RuntimeException e) {
                out.add(verifier.unreadable(offset, e.getClass().getSimpleName()).toString());
            }
        }
        if (verifier.lastSequence() < LENGTH - 1) {
            out.add("truncated: the chain ends at " + verifier.lastSequence());
        } else if (!verifier.hashAt(LENGTH - 1).orElse("").equals(signedHead)) {
            out.add("the signed head does not match");
        }
        return out;
    }

    private static byte[] bytes(AuditRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(AuditRecord.class).write(r, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
