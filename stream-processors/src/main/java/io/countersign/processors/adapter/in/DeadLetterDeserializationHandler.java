package io.countersign.processors.adapter.in;

import io.countersign.processors.adapter.out.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.util.List;
import java.util.Map;

/**
 * Records that cannot be decoded (wrong framing, unknown schema id, truncated Avro) go to the dead-letter
 * topic with the reason, and the application keeps running. Configured as
 * {@code deserialization.exception.handler}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.fromConfig(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return Response.resume(List.of(deadLetters.record(record.topic(), record.partition(), record.offset(),
                "deserialize", record.key(), record.value(), exception)));
    }
}
