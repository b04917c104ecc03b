package io.countersign.cli;

import io.countersign.audit.AuditLogReader;
import io.countersign.audit.evidence.EvidenceCollector;
import io.countersign.audit.evidence.EvidenceWriter;
import io.countersign.contracts.signing.Ed25519Keys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code countersign audit evidence}: writes a self-contained evidence bundle for a period ({@link EvidenceCollector},
 * {@link EvidenceWriter}):
 * per partition, every audit record from the signed checkpoint before the period's first record to the signed
 * checkpoint after its last one, those checkpoints, the public keys that signed them, a manifest of hashes and a
 * human-readable report ({@link io.countersign.audit.evidence.EvidenceReport}). {@code countersign audit verify-evidence} checks it offline.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"Writes an audit evidence bundle (zip) for a period: the audit records and the signed checkpoints that bracket",
                "them, the public keys, a manifest with the SHA-256 of every file, and report.html and report.pdf (reviews; each approver's",
                "decision, channel, authentication and reason; denials; self-approval attempts refused; other refused decisions; intents",
                "refused at the gateway; violations; rubber-stamp flags; time to decision by rule; policy versions in force and when they",
                "changed).",
                "Check it anywhere with: countersign audit verify-evidence FILE.",
                "Example: countersign audit evidence --from 2026-07-01T00:00:00Z --to 2026-10-01T00:00:00Z --out q3-evidence.zip"})
final class AuditEvidenceCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Start of the period (ISO-8601).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the period, exclusive (default: now).")
    Instant to;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle to write (zip).")
    Path out;

    @Option(names = "--public-key", paramLabel = "PEM",
            description = "Public key(s) that sign checkpoints (default: audit-signing-key.pub.pem in .countersign/data/keys).")
    List<Path> publicKeys;

    @Option(names = "--audit-topic", defaultValue = "countersign.audit", description = "The audit topic (default: ${DEFAULT-VALUE}).")
    String auditTopic;

    @Option(names = "--checkpoint-topic", defaultValue = "countersign.audit-checkpoints",
            description = "Its signed checkpoints (default: ${DEFAULT-VALUE}).")
    String checkpointTopic;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Instant end = to != null ? to : Instant.now();
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path f : publicKeys != null ? publicKeys : List.of(Path.of(".countersign/data/keys/audit-signing-key.pub.pem"))) {
            if (!Files.isReadable(f)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no audit public key at " + f + "; pass --public-key with the"
                        + " pipeline's audit-signing-key.pub.pem (countersign up keeps it in <data dir>/keys)");
            }
            PublicKey k = Ed25519Keys.readPublicKey(f);
            keys.put(Ed25519Keys.keyId(k), k);
        }
        EvidenceCollector.Collected bundle;
        // Written beside the target and moved into place whole: a failed run leaves no half-written bundle behind.
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".evidence", ".zip.part");
        try (AuditLogReader reader = AuditLogReader.open(config.kafka().clientProperties(Map.of()), Registries.client(config.registry()));
             OutputStream o = Files.newOutputStream(partial)) {
            bundle = EvidenceCollector.write(reader, auditTopic, checkpointTopic, from, end, keys, err::println, o);
        } catch (Exception e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().printf("wrote %s: %,d records of the period in %d partitions%n", out, bundle.inPeriod().size(), bundle.slices().size());
        spec.commandLine().getOut().flush();
        err.flush();
        return 0;
    }
}
