package io.countersign.contracts.registry;

import io.countersign.schema.ActionIntent;
import io.countersign.schema.AgentRef;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentAvroSerdeTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final ConfluentAvroSerde<ActionIntent> serde = new ConfluentAvroSerde<>(registry, ActionIntent.class);

    static ActionIntent intent() {
        return ActionIntent.newBuilder().setIntentId("i-1").setOccurredAt(Instant.ofEpochMilli(1_763_800_000_000L))
                .setAgent(AgentRef.newBuilder().setId("agent:x").build()).setPrincipal("user:a@example.com")
                .setAction("db.export").setTargets(List.of("pg://crm/customers")).setParameters(Map.of("format", "csv")).build();
    }

    @Test
    void framingIsMagicByteThenBigEndianIdThenPlainAvro() throws Exception {
        byte[] bytes = serde.serializer().serialize("countersign.intents", intent());
        int id = registry.lookup("countersign.intents-value", ActionIntent.getClassSchema()).orElseThrow().id();

        assertThat(bytes[0]).isZero();
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, (byte) id);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(plain, null);
        new SpecificDatumWriter<>(ActionIntent.getClassSchema(), SpecificData.getForClass(ActionIntent.class)).write(intent(), enc);
        enc.flush();
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plain.toByteArray());
        assertThat(serde.deserializer().deserialize("countersign.intents", bytes)).isEqualTo(intent());
    }

    @Test
    void recordsOfVeryDifferentSizesOneAfterAnotherOnOneThreadEachRoundTrip() {
        // The serializer reuses one buffer per thread: a small record after a large one (and after one past
        // the size a thread keeps) must carry nothing of its predecessor.
        for (int size : new int[] {10, 5_000, 3, 2_000_000, 7, 40_000, 1}) {
            ActionIntent sized = ActionIntent.newBuilder(intent()).setReason("r".repeat(size)).build();
            byte[] bytes = serde.serializer().serialize("countersign.intents", sized);
            assertThat(serde.deserializer().deserialize("countersign.intents", bytes)).as("size " + size).isEqualTo(sized);
        }
    }

    @Test
    void aFailedEncodeLeavesNothingForTheNextRecord() {
        ActionIntent broken = intent();
        broken.put("targets", List.of("ok", 42)); // not a string: the writer fails half-way through the record
        assertThatThrownBy(() -> serde.serializer().serialize("countersign.intents", broken)).isInstanceOf(SerializationException.class);
        byte[] bytes = serde.serializer().serialize("countersign.intents", intent());
        assertThat(serde.deserializer().deserialize("countersign.intents", bytes)).isEqualTo(intent());
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void badMagicByteIsExplained() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("countersign.intents", new byte[] {7, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("byte 7").hasMessageContaining("magic byte 0");
    }

    @Test
    void tooShortPayloadIsExplained() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("5-byte Confluent header");
    }

    @Test
    void unknownSchemaIdIsExplained() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0, 0, 0, 0x7f, 0x7f, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 32639");
    }

    @Test
    void truncatedAvroIsExplained() {
        byte[] bytes = serde.serializer().serialize("t", intent());
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, 12)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated or corrupt");
    }

    @Test
    void readerWithAnAddedDefaultedFieldReadsOlderData() throws Exception {
        // An "old" Destination writer without the external flag, read by today's Destination schema.
        Schema old = SchemaBuilder.record("Destination").namespace("io.countersign.schema").fields()
                .requiredString("uri").endRecord();
        int id = registry.register("dest-value", old);
        GenericRecord rec = new GenericData.Record(old);
        rec.put("uri", "s3://bucket");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ConfluentWireFormat.header(id));
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(rec, enc);
        enc.flush();

        var dest = new ConfluentAvroDeserializer<>(registry, io.countersign.schema.Destination.class).deserialize("dest", out.toByteArray());
        assertThat(dest.getUri()).isEqualTo("s3://bucket");
        assertThat(dest.getExternal()).as("default filled in").isFalse();
    }

    @Test
    void inMemoryRegistryKeepsIdsAndRejectsIncompatibleChanges() {
        Schema v1 = SchemaBuilder.record("T").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("T").fields().requiredString("a").requiredInt("b").endRecord();
        int id = registry.register("s", v1);
        assertThat(registry.register("s", v1)).isEqualTo(id);
        assertThat(registry.isCompatible("s", v2)).isFalse();
        assertThatThrownBy(() -> registry.register("s", v2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThatThrownBy(() -> registry.getById(999))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void lookupOnlyModeRefusesUnregisteredSchemasClearly() {
        var strict = new ConfluentAvroSerde<>(registry, ActionIntent.class, false);
        assertThatThrownBy(() -> strict.serializer().serialize("unregistered", intent()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("countersign init");
    }

    @Test
    void theSchemaIdIsResolvedOncePerSubjectNotPerRecord() {
        java.util.concurrent.atomic.AtomicInteger registryCalls = new java.util.concurrent.atomic.AtomicInteger();
        SchemaRegistryClient counting = (SchemaRegistryClient) java.lang.reflect.Proxy.newProxyInstance(
                SchemaRegistryClient.class.getClassLoader(), new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    registryCalls.incrementAndGet();
                    try {
                        return method.invoke(registry, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var serializer = new ConfluentAvroSerializer<>(counting, ActionIntent.class, true, false);
        for (int i = 0; i < 1000; i++) {
            serializer.serialize("countersign.intents", intent());
        }
        serializer.serialize("countersign.intents.copy", intent());

        assertThat(registryCalls.get()).as("one registration per subject").isEqualTo(2);
    }

    @Test
    void lengthsAndCountsLargerThanTheRecordAreCorruptWithoutAllocatingThem() {
        byte[] valid = serde.serializer().serialize("countersign.intents", intent());
        // intentId's length prefix claims a gigabyte (zig-zag varint), then nothing follows.
        byte[] hostile = new byte[5 + 5];
        System.arraycopy(valid, 0, hostile, 0, 5);
        long zigzag = (1L << 30) << 1;
        int i = 5;
        while ((zigzag & ~0x7FL) != 0) {
            hostile[i++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        hostile[i] = (byte) zigzag;
        long before = usedHeap();
        for (int n = 0; n < 50; n++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> serde.deserializer().deserialize("countersign.intents", hostile))
                    .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining("truncated or corrupt");
        }
        // Fifty gigabyte allocations would not fit; a bounded decoder allocates nothing of the sort.
        org.assertj.core.api.Assertions.assertThat(usedHeap() - before).isLessThan(256L << 20);
        org.assertj.core.api.Assertions.assertThat(serde.deserializer().deserialize("countersign.intents", valid)).isEqualTo(intent());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
