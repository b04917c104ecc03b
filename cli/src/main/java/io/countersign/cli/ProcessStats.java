package io.countersign.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads resident memory from /proc for the start-up report: this JVM plus its child processes (the
 * schema registry runs as one), since that is what the machine pays for {@code countersign up}.
 */
final class ProcessStats {

    private ProcessStats() {
    }

    /** Resident set size of this process and its descendants, e.g. "912 MB", or "unknown" off Linux. */
    static String residentMemory() {
        long self = residentKb(ProcessHandle.current().pid());
        if (self < 0) {
            return "unknown";
        }
        long children = ProcessHandle.current().descendants().mapToLong(p -> Math.max(0, residentKb(p.pid()))).sum();
        return (self + children) / 1024 + " MB";
    }

    private static long residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, /proc is hidden, or the process just ended: the figure is informational only.
        }
        return -1;
    }
}
