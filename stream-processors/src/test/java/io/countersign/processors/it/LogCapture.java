package io.countersign.processors.it;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures, while open, every log line of this JVM that reaches the root logger, and Countersign's own at
 * DEBUG, each with its stack trace: what an operator's log would hold.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Level countersignLevel;

    LogCapture() {
        super("it-log-capture", null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        countersignLevel = config.getLoggerConfig("io.countersign").getLevel();
        config.getLoggerConfig("io.countersign").setLevel(Level.DEBUG);
        config.getRootLogger().addAppender(this, Level.ALL, null);
        ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringWriter line = new StringWriter().append(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            event.getThrown().printStackTrace(new PrintWriter(line));
        }
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        config.getLoggerConfig("io.countersign").setLevel(countersignLevel);
        ctx.updateLoggers();
        stop();
    }
}
