package io.countersign.cli;

import io.countersign.dashboards.DashboardsConfig;
import io.countersign.dashboards.DashboardsServer;
import io.countersign.dashboards.adapter.out.SavedObjectsImporter;
import io.countersign.dashboards.adapter.out.UsersFile;
import io.countersign.dashboards.domain.PasswordHash;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.User;
import io.countersign.search.OpenSearchClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code countersign dashboards serve|add-user|load-saved-objects}: runs the analysts' dashboards
 * against a deployed stack, manages their users, and loads the OpenSearch Dashboards saved objects.
 */
@Command(name = "dashboards", mixinStandardHelpOptions = true, description = "The analysts' dashboards: serve them, add users, load OpenSearch Dashboards objects.",
        subcommands = {DashboardsCommand.Serve.class, DashboardsCommand.AddUser.class, DashboardsCommand.LoadSavedObjects.class})
final class DashboardsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves the dashboards (read-only) over the configured OpenSearch, Kafka and registry until Ctrl-C.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DashboardsConfig d = config.dashboards();
            try (DashboardsServer server = DashboardsServer.start(d, OpenSearchClients.create(config.openSearch().url()), config.kafka(),
                    Registries.client(config.registry()))) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("Dashboards: %s (Ctrl-C to stop)%n", server.url());
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            return 0;
        }
    }

    @Command(name = "add-user", mixinStandardHelpOptions = true,
            description = {"Adds (or replaces) a dashboard user in the users file, with a PBKDF2 password hash.",
                    "The password is read from the terminal, or from standard input with --password-stdin."})
    static final class AddUser implements Callable<Integer> {
        @Option(names = "--users-file", required = true, paramLabel = "FILE", description = "The users file (dashboards.usersFile); created if absent.")
        Path usersFile;

        @Parameters(index = "0", paramLabel = "USERNAME", description = "The user name.")
        String username;

        @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE", description = "analyst or auditor (auditors also export and verify).")
        List<Role> roles;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            char[] password;
            Console console = System.console();
            if (passwordStdin || console == null) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            } else {
                password = console.readPassword("Password for %s (12 characters or more): ", username);
                char[] again = console.readPassword("Again: ");
                if (!Arrays.equals(password, again)) {
                    spec.commandLine().getErr().println("The passwords differ; nothing was changed.");
                    return 1;
                }
            }
            if (password.length < 12) {
                spec.commandLine().getErr().println("A dashboard password needs at least 12 characters; nothing was changed.");
                return 1;
            }
            List<User> users = new ArrayList<>(Files.exists(usersFile) ? UsersFile.load(usersFile) : List.of());
            users.removeIf(u -> u.username().equals(username));
            users.add(new User(username, PasswordHash.hash(password), Set.copyOf(roles)));
            UsersFile.write(usersFile, users);
            spec.commandLine().getOut().printf("%s can sign in with roles %s (%d users in %s).%n", username, roles, users.size(), usersFile);
            return 0;
        }
    }

    @Command(name = "load-saved-objects", mixinStandardHelpOptions = true,
            description = {"Loads Countersign's index patterns, visualisations and dashboards into OpenSearch Dashboards",
                    "through its saved objects API (overwriting earlier versions of the same objects)."})
    static final class LoadSavedObjects implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:5601", description = "OpenSearch Dashboards URL (default ${DEFAULT-VALUE}).")
        URI url;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SavedObjectsImporter.Result r = new SavedObjectsImporter(url).importAll(line -> {
                out.println("  " + line);
                out.flush();
            });
            out.printf("%d saved objects loaded into %s%n", r.loaded(), url);
            if (!r.errors().isEmpty()) {
                r.errors().forEach(e -> spec.commandLine().getErr().println("  failed: " + e));
                return 1;
            }
            return 0;
        }
    }
}
