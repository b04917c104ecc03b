package io.countersign.dashboards.adapter.out;

import io.countersign.config.ConfigException;
import io.countersign.dashboards.domain.SessionKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The session key shared by dashboards instances: given as base64 ({@code dashboards.sessionKey}, from
 * the environment), or in a file ({@code dashboards.sessionKeyFile}) holding base64 of at least 32 bytes,
 * created owner-only with a random key when absent (instances on a shared volume then agree on it).
 */
public final class SessionKeyFile {

    private SessionKeyFile() {
    }

    public static SessionKey decode(String base64, String where) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.strip().replace('-', '+').replace('_', '/'));
            return new SessionKey(bytes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + " must be base64 of at least " + SessionKey.MIN_BYTES + " random bytes, e.g. `openssl rand -base64 32`");
        }
    }

    public static SessionKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[SessionKey.MIN_BYTES];
                new SecureRandom().nextBytes(bytes);
                // Written aside, then hard-linked into place: link fails if the file exists, so two instances starting
                // together never read a half-written key, and the one that loses uses the winner's.
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".session-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes) + "\n");
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another instance made it first: use its key
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "dashboards.sessionKeyFile " + file);
        } catch (IOException e) {
            throw new ConfigException("dashboards.sessionKeyFile " + file + " cannot be read or created: " + e.getMessage());
        }
    }
}
