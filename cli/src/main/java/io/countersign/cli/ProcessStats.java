package io.countersign.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident memory from /proc, for the start-up report. */
final class ProcessStats {

    private ProcessStats() {
    }

    /** Resident set size, e.g. "912 MB", or "unknown" off Linux. */
    static String residentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb / 1024) + " MB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or /proc is hidden: the figure is informational only.
        }
        return "unknown";
    }
}
