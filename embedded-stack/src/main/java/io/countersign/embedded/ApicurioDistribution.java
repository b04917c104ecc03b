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
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the Apicurio Registry server the embedded stack runs. The build puts its distribution
 * ({@code io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all}) in the local Maven repository and copies it
 * to {@code embedded-stack/target/apicurio-dist}, recording that path in the jar;
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
        Path inRepository = localRepository().resolve("io/apicurio/apicurio-registry-app/" + VERSION
                + "/apicurio-registry-app-" + VERSION + "-all.tar.gz");
        Path tarball = Stream.concat(builtCopy().stream(), Stream.of(inRepository)).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("The Apicurio Registry distribution is neither where the build copied it"
                        + builtCopy().map(p -> " (" + p + ")").orElse("") + " nor in the local Maven repository (" + inRepository
                        + "); run 'mvn -pl embedded-stack -am install -DskipTests' once to fetch it"));
        unpack(tarball, cache);
        return findRunner(cache).orElseThrow(() -> new IllegalStateException("Unpacked " + tarball + " but found no " + RUNNER));
    }

    /**
     * Where the build copied the distribution ({@code embedded-stack/target/apicurio-dist}), recorded at build
     * time: found whatever local repository Maven used ({@code -Dmaven.repo.local}, {@code settings.xml}),
     * which a running JVM cannot know.
     */
    static Optional<Path> builtCopy() {
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream("registry/apicurio.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            String path = p.getProperty("apicurio.distribution");
            return path == null || path.isBlank() || path.contains("${") ? Optional.empty() : Optional.of(Path.of(path));
        } catch (IOException e) {
            return Optional.empty();
        }
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
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            // Another JVM won the race and unpacked the same files; use theirs.
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
