package io.countersign.cli;

import io.countersign.contracts.topics.SchemaProvisioner;
import io.countersign.contracts.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code countersign schemas}: schema commands. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Schema commands.",
        subcommands = SchemasCommand.Check.class)
final class SchemasCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code countersign schemas check}: local schemas against the registry, without changing it. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks each local value schema against the registry under the subject's compatibility level.",
                    "Exit code 0 when every schema is registered, new or compatible; 1 when any is incompatible."})
    static final class Check implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<SchemaProvisioner.Check> checks = new SchemaProvisioner(Registries.client(config.registry())).check(Topics.ALL);
            out.printf("%-40s %-13s %s%n", "SUBJECT", "STATUS", "REGISTERED VERSION");
            for (SchemaProvisioner.Check c : checks) {
                out.printf("%-40s %-13s %s%n", c.subject(), c.status(), c.registeredVersion() == null ? "-" : c.registeredVersion());
            }
            long bad = checks.stream().filter(c -> c.status() == SchemaProvisioner.Status.INCOMPATIBLE).count();
            out.println(bad == 0 ? "All schemas can be used with this registry."
                    : bad + " schema(s) are incompatible: make the change BACKWARD compatible (add fields with defaults), or use a new topic.");
            out.flush();
            return bad == 0 ? 0 : 1;
        }
    }
}
