package io.countersign.ingest.adapter.out;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.approvals.domain.Identity;
import io.countersign.config.ConfigException;
import io.countersign.ingest.domain.ApiKeys;
import io.countersign.ingest.domain.Credential;
import io.countersign.ingest.domain.Environment;
import io.countersign.ingest.domain.Principals;
import io.countersign.ingest.domain.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys file: one entry per key with its SHA-256, the identity it authenticates, the owner
 * accountable for it, its roles, optionally the environment its intents run in and the principals its
 * intents may name. Plain keys are never stored; {@link #add} is how {@code countersign keys create}
 * records a new key's hash.
 *
 * <pre>
 * keys:
 *   - sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
 *     subject: agent:exporter-7
 *     owner: user:olga@example.com
 *     roles: [agent]
 *     environment: prod        # where this agent's intents run; absent: ingest.environment
 *     principals: [user:alice@example.com]   # whom its intents may name besides the owner; absent: the owner only
 *   - sha256: fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9
 *     subject: service:datahub
 *     owner: user:carol@example.com
 *     roles: [lineage, label-producer]   # a steward trusts its OpenLineage tags to add labels
 * </pre>
 *
 * <p>Roles are {@code agent, steward, approver, lineage, label-producer} ({@link Role#names()}).
 * {@code principals} ({@link Principals}) restricts the {@code principal} of the key's intents: absent, only
 * the owner; {@code ["*"]}, anyone (what every key could do before principals were restricted).
 */
public final class ApiKeysFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * One entry as written in the file; {@code environment} absent means the gateway's {@code ingest.environment},
     * {@code principals} absent the owner only.
     */
    public record Entry(@JsonProperty("sha256") String sha256, @JsonProperty("subject") String subject,
                        @JsonProperty("owner") String owner, @JsonProperty("roles") List<String> roles,
                        @JsonProperty("environment") String environment, @JsonProperty("principals") List<String> principals,
                        @JsonProperty("note") String note) {

        @JsonCreator
        public Entry {
        }

        /** An entry whose intents may name only its owner as principal. */
        public Entry(String sha256, String subject, String owner, List<String> roles, String environment, String note) {
            this(sha256, subject, owner, roles, environment, null, note);
        }

        /** An entry in the gateway's default environment whose intents may name only its owner. */
        public Entry(String sha256, String subject, String owner, List<String> roles, String note) {
            this(sha256, subject, owner, roles, null, null, note);
        }
    }

    record Form(@JsonProperty("keys") List<Entry> keys) {
    }

    private ApiKeysFile() {
    }

    /** Loads and checks every entry; a bad entry rejects the file with its position and what to fix. */
    public static ApiKeys load(Path file) {
        List<Entry> entries = read(file);
        Map<String, Credential> byHash = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String where = file + ": keys[" + i + "]";
            if (e.sha256() == null || !HEX64.matcher(e.sha256()).matches()) {
                throw new ConfigException(where + ": sha256 must be 64 lower-case hex digits (the key's SHA-256, never the key)");
            }
            if (byHash.containsKey(e.sha256())) {
                throw new ConfigException(where + ": the same key hash appears twice");
            }
            try {
                Identity subject = Identity.of(e.subject());
                Identity owner = e.owner() == null ? subject : Identity.of(e.owner());
                Environment environment = e.environment() == null ? null : Environment.of(e.environment());
                byHash.put(e.sha256(), new Credential(ApiKeys.keyId(e.sha256()), subject, owner, roles(e.roles(), where), environment,
                        Principals.parse(e.principals())));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(where + ": " + ex.getMessage());
            }
        }
        return new ApiKeys(byHash);
    }

    /** Appends a key's hash to the file (created owner-readable only when missing). */
    public static void add(Path file, Entry entry) throws IOException {
        List<Entry> entries = new ArrayList<>(Files.exists(file) ? read(file) : List.of());
        entries.add(entry);
        if (!Files.exists(file)) {
            createOwnerOnly(file);
        }
        YAML.writeValue(file.toFile(), new Form(entries));
    }

    /**
     * Creates an empty file readable and writable by its owner only (and its directories): for key
     * hashes, and for anything holding plain keys. Where the file system has no POSIX permissions the
     * file is created plainly, inside the user's own directory.
     */
    public static void createOwnerOnly(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    private static List<Entry> read(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("API keys file " + file.toAbsolutePath() + " does not exist or is not readable;"
                    + " create keys with `countersign keys create`");
        }
        try {
            Form form = YAML.readValue(file.toFile(), Form.class);
            return form == null || form.keys() == null ? List.of() : form.keys();
        } catch (IOException e) {
            throw new ConfigException("Cannot read API keys file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Set<Role> roles(List<String> names, String where) {
        if (names == null || names.isEmpty()) {
            throw new ConfigException(where + ": roles must name at least one of " + Role.names());
        }
        Set<Role> roles = new HashSet<>();
        for (String n : names) {
            try {
                roles.add(Role.parse(n));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": unknown role '" + n + "'; roles are " + Role.names());
            }
        }
        return roles;
    }
}
