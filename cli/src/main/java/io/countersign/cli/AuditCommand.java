package io.countersign.cli;

import io.countersign.audit.ChainVerifier;
import io.countersign.audit.CheckpointVerifier;
import io.countersign.contracts.signing.Ed25519Keys;
import io.countersign.search.OpenSearchClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code countersign audit}: audit log commands. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit log commands.",
        subcommands = {AuditCommand.Verify.class, AuditEvidenceCommand.class, AuditVerifyEvidenceCommand.class})
final class AuditCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code countersign audit verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Reads the audit topic and verifies every hash chain and signed checkpoint.",
                    "Reports the first broken link, gap, altered record or bad signature per chain.",
                    "Exit code 0 when intact, 1 when anything is wrong."})
    static final class Verify implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--public-key", paramLabel = "PEM",
                description = "Ed25519 public key(s) that sign checkpoints (default: audit-signing-key.pub.pem in .countersign/data/keys).")
        List<Path> publicKeys;

        @Option(names = "--audit-topic", paramLabel = "TOPIC", defaultValue = "countersign.audit",
                description = "The audit topic to verify, e.g. a mirror or a restored copy (default: ${DEFAULT-VALUE}).")
        String auditTopic;

        @Option(names = "--checkpoint-topic", paramLabel = "TOPIC", defaultValue = "countersign.audit-checkpoints",
                description = "Where the signed checkpoints of that audit log are (default: ${DEFAULT-VALUE}).")
        String checkpointTopic;

        @Option(names = "--index", paramLabel = "URL",
                description = "Also check the audit index in OpenSearch at URL (countersign-audit-events) against the log:"
                        + " records altered in, deleted from or inserted into the index are reported.")
        String index;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<PublicKey> keys = new ArrayList<>();
            List<Path> files = publicKeys != null ? publicKeys : List.of(Path.of(".countersign/data/keys/audit-signing-key.pub.pem"));
            for (Path f : files) {
                keys.add(Ed25519Keys.readPublicKey(f));
            }
            AuditLogVerifier verifier = new AuditLogVerifier(config.kafka().clientProperties(Map.of()),
                    Registries.client(config.registry()), CheckpointVerifier.byKeyId(keys), auditTopic, checkpointTopic);
            AuditLogVerifier.Report report = verifier.verify(line -> {
                out.println("  " + line);
                out.flush();
            });
            report.recordsPerPartition().forEach((p, n) -> out.printf("chain %d: %d records%n", p, n));
            out.printf("%d signed checkpoints verified%n", report.checkpointsVerified());
            if (index != null) {
                var checked = new AuditIndexCheck(config.kafka().clientProperties(Map.of()), Registries.client(config.registry()),
                        OpenSearchClients.create(index), auditTopic).check();
                List<ChainVerifier.Finding> all = new ArrayList<>(report.findings());
                checked.forEach((p, r) -> {
                    out.printf("index, chain %d: %d records compared, %d not indexed yet%n", p, r.compared(), r.notYetIndexed());
                    all.addAll(r.findings());
                });
                report = new AuditLogVerifier.Report(report.recordsPerPartition(), report.checkpointsVerified(), all);
            }
            if (report.intact()) {
                out.println("INTACT: every chain links, every hash matches, every checkpoint is validly signed.");
                out.flush();
                return 0;
            }
            out.printf("BROKEN: %d problem(s):%n", report.findings().size());
            report.findings().forEach(f -> out.println("  " + f));
            out.flush();
            return 1;
        }
    }
}
