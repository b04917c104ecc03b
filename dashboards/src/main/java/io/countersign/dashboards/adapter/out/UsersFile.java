package io.countersign.dashboards.adapter.out;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.config.ConfigException;
import io.countersign.dashboards.domain.Role;
import io.countersign.dashboards.domain.User;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes the dashboard users file:
 *
 * <pre>
 * users:
 *   - username: ana
 *     passwordHash: pbkdf2-sha256$600000$...$...    # countersign dashboards hash-password
 *     roles: [analyst]                               # analyst | auditor
 * </pre>
 * Unknown keys, duplicate names, unknown roles and malformed hashes are errors that name the user.
 */
public final class UsersFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Entry(@JsonProperty("username") String username, @JsonProperty("passwordHash") String passwordHash,
                 @JsonProperty("roles") List<String> roles) {
    }

    record Document(@JsonProperty("users") List<Entry> users) {
    }

    private UsersFile() {
    }

    public static List<User> load(Path file) {
        Document doc;
        try {
            doc = YAML.readValue(Files.readString(file), Document.class);
        } catch (IOException e) {
            throw new ConfigException("cannot read the dashboard users file " + file + ": " + e.getMessage());
        }
        List<User> users = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Entry e : doc == null || doc.users() == null ? List.<Entry>of() : doc.users()) {
            if (!seen.add(String.valueOf(e.username()))) {
                throw new ConfigException(file + ": user " + e.username() + " appears twice");
            }
            Set<Role> roles = new HashSet<>();
            for (String r : e.roles() == null ? List.<String>of() : e.roles()) {
                try {
                    roles.add(Role.valueOf(r.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(file + ": user " + e.username() + " has unknown role '" + r + "' (analyst or auditor)");
                }
            }
            try {
                users.add(new User(e.username(), e.passwordHash(), roles));
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(file + ": " + bad.getMessage());
            }
        }
        return users;
    }

    /** Writes {@code users} to {@code file}, readable by its owner only (it holds password hashes). */
    public static void write(Path file, List<User> users) throws IOException {
        List<Entry> entries = users.stream().map(u -> new Entry(u.username(), u.passwordHash(),
                u.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList())).toList();
        String yaml = YAML.writeValueAsString(new Document(entries));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".users", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
