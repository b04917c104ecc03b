package io.countersign.embedded.junit;

import io.countersign.embedded.EmbeddedStack;
import io.countersign.embedded.Endpoints;
import io.countersign.embedded.StackOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts one embedded stack per test JVM, on free ports in a temporary directory, the first time a test
 * asks for it, and stops it when the JVM's tests are done. Every integration test class shares it, so
 * the suite pays the start-up once.
 */
public final class CountersignStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CountersignStackExtension.class);

    /** Wraps the stack so JUnit closes it with the root context. */
    private record Holder(EmbeddedStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == EmbeddedStack.class || type == Endpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        EmbeddedStack stack = stack(e);
        return p.getParameter().getType() == Endpoints.class ? stack.endpoints() : stack;
    }

    /** The shared stack, started on first use. */
    public static EmbeddedStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> {
            try {
                Path dir = Files.createTempDirectory("countersign-it-");
                return new Holder(EmbeddedStack.start(StackOptions.forTests(dir)));
            } catch (Exception ex) {
                throw new ParameterResolutionException("The embedded stack did not start: " + ex.getMessage(), ex);
            }
        }, Holder.class).stack();
    }
}
