package io.countersign.cli;

import io.countersign.audit.evidence.EvidenceVerifier;
import io.countersign.contracts.signing.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code countersign audit verify-evidence FILE}: checks an evidence bundle offline ({@link EvidenceVerifier}). */
@Command(name = "verify-evidence", mixinStandardHelpOptions = true,
        description = {"Checks an audit evidence bundle with nothing but the bundle: the manifest's hashes, the checkpoints' signatures,",
                "and every record's hash, link and sequence between the bracketing checkpoints. Names the first thing that does not verify.",
                "--trust-key pins the checkpoint keys you trust (else the keys in the bundle are trusted). Exit 0: verified; 1: not."})
final class AuditVerifyEvidenceCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The evidence bundle (zip).")
    Path bundle;

    @Option(names = "--trust-key", paramLabel = "PEM", description = "A checkpoint public key you trust (repeatable).")
    List<Path> trustKeys;

    @Override
    public Integer call() throws Exception {
        Set<String> trusted = null;
        if (trustKeys != null) {
            trusted = new HashSet<>();
            for (Path k : trustKeys) {
                trusted.add(Ed25519Keys.keyId(Ed25519Keys.readPublicKey(k)));
            }
        }
        Optional<String> problem;
        try (InputStream in = Files.newInputStream(bundle)) {
            problem = EvidenceVerifier.verify(in, trusted);
        }
        if (problem.isPresent()) {
            spec.commandLine().getOut().printf("NOT VERIFIED: %s%n", problem.get());
            spec.commandLine().getOut().flush();
            return 1;
        }
        spec.commandLine().getOut().printf("VERIFIED: %s — every file matches the manifest, every checkpoint signature holds, and the"
                + " records are complete and unaltered between their checkpoints%n", bundle);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
