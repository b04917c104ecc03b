package io.countersign.directory;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.config.ConfigException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Directory} read from a YAML file:
 *
 * <pre>
 * groups:
 *   data-stewards: [user:carol@example.com, user:dave@example.com]
 *   security-oncall: [user:sam@example.com]
 * emails:                      # optional: e-mail to identity where they differ
 *   sam.smith@example.com: user:sam@example.com
 * </pre>
 *
 * Members written as bare e-mail addresses are taken as {@code user:<email>}; a user identity's e-mail
 * maps to it without an entry under {@code emails}.
 */
public final class YamlDirectory implements Directory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, Set<Identity>> groups;
    private final Map<Identity, Set<String>> memberships;
    private final Map<String, Identity> emails;

    private YamlDirectory(Map<String, Set<Identity>> groups, Map<String, Identity> emails) {
        this.groups = Map.copyOf(groups);
        Map<Identity, Set<String>> inverse = new HashMap<>();
        groups.forEach((group, members) -> members.forEach(m -> inverse.computeIfAbsent(m, k -> new HashSet<>()).add(group)));
        inverse.replaceAll((k, v) -> Set.copyOf(v));
        this.memberships = Map.copyOf(inverse);
        Map<String, Identity> byEmail = new HashMap<>();
        inverse.keySet().stream().filter(i -> i.kind().equals("user") && i.name().contains("@"))
                .forEach(i -> byEmail.put(i.name(), i));
        byEmail.putAll(emails);
        this.emails = Map.copyOf(byEmail);
    }

    /** File layout, bound by Jackson. */
    private record FileForm(@JsonProperty("groups") Map<String, List<String>> groups,
                            @JsonProperty("emails") Map<String, String> emails) {
    }

    /** Loads a directory file; errors name the file and the offending entry. */
    public static YamlDirectory load(Path file) {
        FileForm form;
        try {
            form = YAML.readValue(file.toFile(), FileForm.class);
        } catch (IOException e) {
            throw new ConfigException("Directory file " + file + " is not valid: " + e.getMessage(), e);
        }
        if (form == null || form.groups() == null) {
            throw new ConfigException("Directory file " + file + " has no 'groups:' section");
        }
        Map<String, String> emails = form.emails() == null ? Map.of() : form.emails();
        try {
            Map<String, Identity> mapped = new HashMap<>();
            emails.forEach((email, id) -> mapped.put(email.toLowerCase(Locale.ROOT), Identity.of(id)));
            return fromGroups(form.groups(), mapped);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Directory file " + file + ": " + e.getMessage(), e);
        }
    }

    static YamlDirectory fromGroups(Map<String, ? extends Collection<String>> raw, Map<String, Identity> emails) {
        Map<String, Set<Identity>> groups = new HashMap<>();
        raw.forEach((group, members) -> {
            Set<Identity> ids = new HashSet<>();
            if (members != null) {
                members.forEach(m -> ids.add(Identity.of(m)));
            }
            groups.put(group, Set.copyOf(ids));
        });
        return new YamlDirectory(groups, emails);
    }

    @Override
    public Set<Identity> members(String group) {
        return groups.getOrDefault(group, Set.of());
    }

    @Override
    public Set<String> groupsOf(Identity identity) {
        return memberships.getOrDefault(identity, Set.of());
    }

    @Override
    public Optional<Identity> byEmail(String email) {
        return email == null ? Optional.empty() : Optional.ofNullable(emails.get(email.strip().toLowerCase(Locale.ROOT)));
    }

    /** All group names, for listings and errors. */
    public Set<String> groupNames() {
        return groups.keySet();
    }
}
