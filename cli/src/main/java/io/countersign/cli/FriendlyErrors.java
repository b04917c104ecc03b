package io.countersign.cli;

import io.countersign.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns failures into one line that says what went wrong and what to do, instead of a stack trace.
 * The stack trace still goes to the log at DEBUG for whoever needs it.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FriendlyErrors.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        LOG.debug("Command failed", ex);
        String prefix = ex instanceof ConfigException ? "configuration error: " : "error: ";
        cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + prefix
                + message(ex)));
        return ex instanceof ConfigException ? 78 : 1; // 78 = EX_CONFIG (sysexits.h)
    }

    private static String message(Throwable ex) {
        Throwable t = ex;
        // The outermost message usually carries the context; fall back to the cause's when it has none.
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
