package io.countersign.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code countersign} command: runs the embedded stack and Countersign's services, provisions a
 * cluster, and inspects topics and schemas. Every subcommand has {@code --help}.
 */
@Command(name = "countersign",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Action-level approvals, audit and lineage for AI agents.",
        subcommands = {
                UpCommand.class,
                ServiceCommand.Pipeline.class,
                ServiceCommand.Gateway.class,
                ServiceCommand.ApprovalBot.class,
                ServiceCommand.TeamsBot.class,
                ServiceCommand.McpGateway.class,
                KeysCommand.class,
                HookCommand.class,
                DemoCommand.class,
                LineageCommand.class,
                LineageIndexCommand.class,
                DashboardsCommand.class,
                InitCommand.class,
                TopicsCommand.class,
                SchemasCommand.class,
                AuditCommand.class,
                PolicyCommand.class,
                CommandLine.HelpCommand.class
        })
public final class CountersignCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CountersignCli());
        cli.setExecutionExceptionHandler(new FriendlyErrors());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        // No subcommand: show what there is, like git does.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
