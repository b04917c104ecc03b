package io.countersign.processors.adapter.in;

import io.countersign.processors.adapter.out.DeadLetters;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;
import java.util.Map;

/**
 * A record that makes a processor throw goes to the dead-letter topic with the reason and its source
 * coordinates, and processing continues with the next record. Configured as
 * {@code processing.exception.handler}.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.fromConfig(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return Response.resume(List.of(deadLetters.record(context.topic(), context.partition(), context.offset(),
                "process:" + context.processorNodeId(), context.sourceRawKey(), context.sourceRawValue(), exception)));
    }
}
