package io.countersign.embedded;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Apicurio Registry server the embedded stack runs. The build puts its distribution
 * ({@code io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all}) in the local Maven repository;
 * the first use unpacks it into a cache directory, atomically, so parallel JVMs never see half a tree.
 */
public final class ApicurioDistribution {

    public static final String VERSION = "2.6.13.Final";
    static final String RUNNER = "apicurio-registry-app-" + VERSION + "-runner.jar";
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);

    private ApicurioDistribution() {
    }

    /** The runner jar: from {@code countersign.apicurio.home}/{@code COUNTERSIGN_APICURIO_HOME}, else unpacked from Maven's repository. */
    public static Path runnerJar() throws IOException {
        String home = System.getProperty("countersign.apicurio.home", System.getenv("COUNTERSIGN_APICURIO_HOME"));
        if (home != null && !home.isBlank()) {
            return findRunner(Path.of(home)).orElseThrow(() -> new IllegalStateException(
                    "No " + RUNNER + " under " + home + " (countersign.apicurio.home / COUNTERSIGN_APICURIO_HOME)"));
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "countersign", "apicurio-registry-" + VERSION);
        Optional<Path> cached = Files.isDirectory(cache) ? findRunner(cache) : Optional.empty();
        if (cached.isPresent()) {
            return cached.get();
        }
        Path tarball = localRepository().resolve("io/apicurio/apicurio-registry-app/" + VERSION
                + "/apicurio-registry-app-" + VERSION + "-all.tar.gz");
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("The Apicurio Registry distribution is not in the local Maven repository ("
                    + tarball + "); run 'mvn -pl embedded-stack -am install -DskipTests' once to fetch it");
        }
        unpack(tarball, cache);
        return findRunner(cache).orElseThrow(() -> new IllegalStateException("Unpacked " + tarball + " but found no " + RUNNER));
    }

    private static Path localRepository() {
        String repo = System.getProperty("maven.repo.local");
        return repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Optional<Path> findRunner(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 4)) {
            return files.filter(p -> p.getFileName().toString().equals(RUNNER)).findFirst();
        }
    }

    private static void unpack(Path tarball, Path target) throws IOException {
        LOG.info("Unpacking Apicurio Registry {} into {} (first run only)", VERSION, target);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "apicurio-unpack-");
        try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = tmp.resolve(entry.getName()).normalize();
                if (!out.startsWith(tmp)) {
                    throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // Another JVM won the race and unpacked the same files; use theirs.
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
