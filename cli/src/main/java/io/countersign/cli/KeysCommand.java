package io.countersign.cli;

import io.countersign.approvals.domain.Identity;
import io.countersign.ingest.adapter.out.ApiKeysFile;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Environment;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code countersign keys create}: makes an API key for the ingest gateway, appends its SHA-256 with the
 * identity, owner, roles and (optionally) environment and principals to the keys file, and prints the key once. The key itself is stored nowhere.
 * {@code countersign keys channel} ({@link ChannelKeyCommand}) makes an approval channel's signing key, and
 * {@code countersign keys step-up} ({@link StepUpKeyCommand}) the key of step-up links.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manages the ingest gateway's API keys and the approval channels' decision signing keys.",
        subcommands = {KeysCommand.Create.class, ChannelKeyCommand.class, StepUpKeyCommand.class})
final class KeysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates an API key, records its hash in the keys file and prints the key once.",
                    "Example: countersign keys create --subject agent:exporter --owner user:olga@example.com --role agent --environment prod --file api-keys.yaml"})
    static final class Create implements Callable<Integer> {

        @Option(names = "--subject", required = true, description = "Identity the key authenticates, e.g. agent:exporter or user:carol@example.com.")
        String subject;

        @Option(names = "--owner", description = "Human accountable for the key (for agents: who may never approve its intents). Default: the subject.")
        String owner;

        @Option(names = "--role", required = true, split = ",", description = {"Roles: agent, steward, approver, lineage, label-producer"
                + " (comma-separated or repeated).", "label-producer: the key's OpenLineage tags facets may add dataset labels (never"
                + " remove one, never PUBLIC/INTERNAL on a declared dataset); give it only to producers a data steward trusts for labels."})
        List<String> roles;

        @Option(names = "--environment", description = {"Environment the key's intents run in, e.g. prod or dev; agents cannot choose it.",
                "Default: the gateway's ingest.environment (prod unless configured)."})
        String environment;

        @Option(names = "--principal", split = ",", description = {"A principal (the human an agent acts for) the key's intents may name"
                + " besides its owner (comma-separated or repeated), e.g. user:alice@example.com; '*' lets it name anyone.",
                "Default: the owner only; an intent naming another principal is refused with 403."})
        List<String> principals;

        @Option(names = "--file", required = true, description = "The keys file (ingest.apiKeysFile); created if missing.")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Identity s = Identity.of(subject);
            Identity o = owner == null ? s : Identity.of(owner);
            for (String r : roles) {
                try {
                    Role.parse(r);
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().printf("Unknown role '%s'; roles are %s%n", r, Role.names());
                    return 64;
                }
            }
            if (environment != null && !Environment.isValid(environment)) {
                spec.commandLine().getErr().printf("--environment must be 1-32 lower-case letters, digits, '-' or '_', e.g. prod%n");
                return 64;
            }
            List<String> allowed;
            try {
                allowed = Principals.parse(principals).fileForm();
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().printf("--principal: %s%n", e.getMessage());
                return 64;
            }
            String key = ApiKeys.generate();
            ApiKeysFile.add(file, new ApiKeysFile.Entry(ApiKeys.hash(key), s.value(), o.value(), roles, environment, allowed,
                    "created " + LocalDate.now()));
            ApiKeysFile.load(file); // the file must still load after the change
            spec.commandLine().getOut().printf("%s%n", key);
            spec.commandLine().getErr().printf("Created %s for %s (roles %s) in %s. The key is shown only now; store it in a secret manager.%n",
                    ApiKeys.keyId(ApiKeys.hash(key)), s.value(), roles, file);
            return 0;
        }
    }
}
