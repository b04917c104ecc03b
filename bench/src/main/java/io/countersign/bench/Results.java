package io.countersign.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes one benchmark's results as {@code <name>.json} and {@code <name>.md}, with the machine they ran on. */
final class Results {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {
    }

    static void write(Path dir, String name, Object rows, String markdownTable, PrintWriter out) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", name);
        doc.put("ranAt", Instant.now().toString());
        doc.put("machine", machine());
        doc.put("results", rows);
        JSON.writeValue(dir.resolve(name + ".json").toFile(), doc);
        String md = "# " + name + "\n\nRan " + doc.get("ranAt") + " on " + machine() + ".\n\n" + markdownTable;
        Files.writeString(dir.resolve(name + ".md"), md);
        out.println();
        out.println(markdownTable);
        out.println("Written to " + dir.resolve(name + ".json") + " and " + name + ".md");
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB"
                + ", JVM " + ManagementFactory.getRuntimeMXBean().getVmName();
    }
}
