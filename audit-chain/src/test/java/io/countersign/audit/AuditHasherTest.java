package io.countersign.audit;

import io.countersign.schema.AuditEventType;
import io.countersign.schema.AuditRecord;
import io.countersign.schema.IntentSummary;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditHasherTest {

    @Test
    void hashIsSha256HexAndIgnoresTheStoredHashField() {
        AuditRecord r = AuditChainFixtures.unchained("i-1", AuditEventType.RECEIVED);
        r.setPrevHash(AuditHasher.GENESIS);
        String h = AuditHasher.hash(r);
        r.setHash("anything");
        assertThat(AuditHasher.hash(r)).isEqualTo(h).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void anyContentChangeChangesTheHash() {
        AuditRecord r = AuditChainFixtures.unchained("i-1", AuditEventType.RECEIVED);
        r.setPrevHash(AuditHasher.GENESIS);
        String h = AuditHasher.hash(r);

        AuditRecord other = AuditRecord.newBuilder(r).setActor("user:mallory@example.com").build();
        assertThat(AuditHasher.hash(other)).isNotEqualTo(h);

        AuditRecord relinked = AuditRecord.newBuilder(r).setPrevHash("1".repeat(64)).build();
        assertThat(AuditHasher.hash(relinked)).isNotEqualTo(h);
    }

    @Test
    void mapOrderDoesNotMatter() {
        AuditRecord a = AuditChainFixtures.unchained("i-1", AuditEventType.RECEIVED);
        a.setPrevHash(AuditHasher.GENESIS);
        IntentSummary s = (IntentSummary) a.getEvent();
        Map<String, String> reversed = new LinkedHashMap<>();
        s.getMaskedParameters().keySet().stream().sorted(java.util.Comparator.reverseOrder())
                .forEach(k -> reversed.put(k, s.getMaskedParameters().get(k)));
        AuditRecord b = AuditRecord.newBuilder(a).build();
        ((IntentSummary) b.getEvent()).setMaskedParameters(reversed);
        assertThat(AuditHasher.hash(b)).isEqualTo(AuditHasher.hash(a));
    }

    @Test
    void genericDecodeWithWriterSchemaGivesTheSameHashAsTheSpecificRecord() throws Exception {
        AuditRecord r = AuditChainFixtures.chain(0, 3).get(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(AuditRecord.class).write(r, enc);
        enc.flush();
        GenericRecord generic = new GenericDatumReader<GenericRecord>(AuditRecord.getClassSchema(), AuditRecord.getClassSchema(), GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(AuditHasher.hash(generic, AuditRecord.getClassSchema())).isEqualTo(r.getHash());
    }

    @Test
    void sealingInPlaceGivesTheSameHashAsHashingACopy() {
        // seal is the chain's copy-free path: same hash, even from maps in reverse order and immutable lists.
        AuditRecord r = AuditChainFixtures.unchained("i-1", AuditEventType.RECEIVED);
        r.setPrevHash("2".repeat(64));
        IntentSummary s = (IntentSummary) r.getEvent();
        Map<String, String> reversed = new LinkedHashMap<>();
        s.getMaskedParameters().keySet().stream().sorted(java.util.Comparator.reverseOrder())
                .forEach(k -> reversed.put(k, s.getMaskedParameters().get(k)));
        s.setMaskedParameters(reversed);
        s.setTargets(java.util.List.copyOf(s.getTargets()));
        String expected = AuditHasher.hash(r);
        assertThat(r.getHash()).as("hash() left the record as it was").isNotEqualTo(expected);
        assertThat(((IntentSummary) r.getEvent()).getMaskedParameters()).isSameAs(reversed);

        assertThat(AuditHasher.seal(r).getHash()).isEqualTo(expected);
        assertThat(AuditHasher.hash(r)).as("a sealed record verifies").isEqualTo(r.getHash());
    }
}
