package io.countersign.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Test fixture: runs the {@code countersign} command line in-process and captures what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CountersignCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** A countersign.yaml in {@code dir} pointing at the embedded stack, after `init` provisioned it. */
    static java.nio.file.Path initialised(io.countersign.embedded.Endpoints endpoints, java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("countersign.yaml"), """
                kafka:
                  bootstrapServers: %s
                registry:
                  url: %s
                """.formatted(endpoints.kafkaBootstrap(), endpoints.registryUrl()));
        CliRun init = of("init", "--config", config.toString());
        if (init.exit() != 0) {
            throw new IllegalStateException("init failed: " + init.err());
        }
        return config;
    }
}
