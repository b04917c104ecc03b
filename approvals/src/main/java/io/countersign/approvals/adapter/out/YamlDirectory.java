package io.countersign.approvals.adapter.out;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.approvals.domain.Directory;
import io.countersign.approvals.domain.GroupDirectory;
import io.countersign.approvals.domain.Identity;
import io.countersign.config.ConfigException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the approver directory from a YAML file:
 *
 * <pre>
 * groups:
 *   data-stewards: [user:carol@example.com, user:dave@example.com]
 *   security-oncall: [user:sam@example.com]
 * emails:                      # optional: e-mail to identity where they differ
 *   sam.smith@example.com: user:sam@example.com
 * groupsFromToken:             # optional: the identity provider confirms these groups (ProvenGroups)
 *   data-stewards: countersign-data-stewards   # listed above too: the list says who may ever, the provider who may now
 *   platform-admins: countersign-platform-admins  # not listed: the provider alone says who is in it
 * </pre>
 *
 * Members written as bare e-mail addresses are taken as {@code user:<email>}; a user identity's e-mail
 * maps to it without an entry under {@code emails}. A group under {@code groupsFromToken} counts only
 * when a verified token from the provider lists the provider's group ({@link io.countersign.approvals.domain.ProvenGroups}).
 */
public final class YamlDirectory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private YamlDirectory() {
    }

    /** File layout, bound by Jackson. */
    private record FileForm(@JsonProperty("groups") Map<String, List<String>> groups,
                            @JsonProperty("emails") Map<String, String> emails,
                            @JsonProperty("groupsFromToken") Map<String, String> groupsFromToken) {
    }

    /** Loads a directory file; errors name the file and the offending entry. */
    public static Directory load(Path file) {
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
        Map<String, String> fromToken = form.groupsFromToken() == null ? Map.of() : form.groupsFromToken();
        fromToken.forEach((group, idpGroup) -> {
            if (idpGroup == null || idpGroup.isBlank()) {
                throw new ConfigException("Directory file " + file + ": groupsFromToken." + group + " must name the identity provider's group");
            }
        });
        try {
            Map<String, Identity> mapped = new HashMap<>();
            emails.forEach((email, id) -> mapped.put(email, Identity.of(id)));
            return GroupDirectory.of(form.groups(), mapped, fromToken);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Directory file " + file + ": " + e.getMessage(), e);
        }
    }
}
