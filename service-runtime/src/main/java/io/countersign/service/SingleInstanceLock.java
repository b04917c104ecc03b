package io.countersign.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a file, held while a service that must run once runs (a chat bot: two would post
 * every approval request twice). A second process taking the same lock, on the same host or a shared
 * volume, fails at start with a message saying so. Released on {@link #close()} or when the process dies.
 */
public final class SingleInstanceLock implements AutoCloseable {

    private final FileChannel channel;

    private SingleInstanceLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock on {@code file} (created if missing); IllegalStateException naming {@code service} when it is held. */
    public static SingleInstanceLock acquire(Path file, String service) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another " + service + " runs with " + file + ": run one instance"
                    + " (two would post every request twice)");
        }
        return new SingleInstanceLock(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
