package io.countersign.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.countersign.config.ConfigException;
import io.countersign.contracts.signing.DecisionSignature;
import io.countersign.ingest.domain.Environment;
import io.countersign.oidc.OidcConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ingest:} section of countersign.yaml.
 *
 * <pre>
 * ingest:
 *   host: 127.0.0.1
 *   port: 8088                  # 0 picks a free port
 *   apiKeysFile: /etc/countersign/api-keys.yaml   # hashed keys; see `countersign keys create`
 *   directoryFile: /etc/countersign/directory.yaml # approver groups, for the approval API (default: the pipeline's)
 *   maxBodyBytes: 1048576
 *   ratePerSecond: 50           # per credential, token bucket
 *   rateBurst: 100
 *   maxWaitSeconds: 60          # longest long-poll a client may ask for
 *   produceTimeoutMs: 10000     # how long to wait for Kafka's acknowledgement before answering 503
 *   environment: prod           # intents' environment for keys that name none in the keys file
 *   decisionSigningKey: /etc/countersign/keys/api-decision-key.pem  # Ed25519 private key the approval API signs
 *   decisionKeyId: api-0a1b2c3d4e5f6a7b                              # decisions with; both from `countersign keys channel`
 *   producer:                   # any Kafka producer property, passed through untouched
 *     compression.type: lz4
 *   headerTimeoutMs: 10000      # a request's headers must arrive whole within this, else the connection is closed
 *   bodyTimeoutMs: 15000        # a request's body must arrive whole within this, else 408 and the connection is closed
 *   oidc:                       # optional: approvers may call the approval API with their identity provider's access token
 *     issuer: https://login.example.com/realms/acme
 *     audience: countersign
 *     algorithms: [RS256, ES256]
 *     identityClaim: email      # email: mapped through the directory (its emails:, else user:&lt;email&gt;); sub: user:&lt;sub&gt;
 *     groupsClaim: groups       # for the directory's groupsFromToken
 *   stepUp:                     # optional: step-up approvals (review rules with stepUp: true); see StepUpConfig
 *     linkKeyFile: /etc/countersign/keys/step-up-link.key
 *     dashboardsUrl: https://countersign.example.com/
 *     idToken: { issuer: https://login.example.com/realms/acme, audience: countersign-dashboards }
 *   gateDecisions: false        # true behind stream-processors.gate: first-wins: answer from the gate's decisions at once
 * </pre>
 *
 * <p>{@code environment} is stamped on every intent whose API key names no environment of its own; an
 * agent cannot choose it (a body naming another environment is refused), because policy treats prod
 * differently.
 * <p>The two timeouts are totals, not idle times: Jetty's idle timeout restarts with every byte, so a
 * client trickling a byte a second would otherwise hold its connection (and, for a body, a request)
 * for as long as it likes.
 *
 * <p>With {@code oidc} ({@link OidcConfig}), an {@code Authorization: Bearer} JWT is verified against the
 * provider's keys (issuer, audience, expiry, pinned algorithms) instead of being looked up as an API key;
 * its holder is an approver and may call only the approval API ({@code /v1/approvals}), never submit
 * intents. A refused token is answered 401 with the reason. The same provider's token-exchange tokens, sent by
 * agents in {@code Countersign-Delegation}, prove an intent's principal (signed with {@code decisionSigningKey}).
 *
 * <p>Without {@code decisionSigningKey} the approval API refuses decisions (503): the pipeline rejects any
 * decision not signed by a channel key it trusts ({@code stream-processors.channelKeys}, channel {@code api}).
 *
 * <p>With {@code gateDecisions} the gateway also reads {@code countersign.audit.unchained} and answers each intent with
 * its first decision there, as soon as the gate writes it, instead of waiting for {@code countersign.verdicts}; it is for
 * {@code stream-processors.gate: first-wins}, whose gate writes its decisions nowhere else first.
 *
 * <p>The approval API's blast radius of each request comes from the shared {@code blastRadius:} section
 * ({@code BlastRadiusConfig}: the lineage index's OpenSearch, depth, budget), read by the service alongside this one.
 */
public record IngestConfig(
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("apiKeysFile") String apiKeysFile,
        @JsonProperty("directoryFile") String directoryFile,
        @JsonProperty("maxBodyBytes") int maxBodyBytes,
        @JsonProperty("ratePerSecond") double ratePerSecond,
        @JsonProperty("rateBurst") int rateBurst,
        @JsonProperty("maxWaitSeconds") int maxWaitSeconds,
        @JsonProperty("produceTimeoutMs") long produceTimeoutMs,
        @JsonProperty("producer") Map<String, String> producer,
        @JsonProperty("environment") String environment,
        @JsonProperty("headerTimeoutMs") long headerTimeoutMs,
        @JsonProperty("bodyTimeoutMs") long bodyTimeoutMs,
        @JsonProperty("decisionSigningKey") String decisionSigningKey,
        @JsonProperty("decisionKeyId") String decisionKeyId,
        @JsonProperty("oidc") OidcConfig oidc,
        @JsonProperty("stepUp") StepUpConfig stepUp,
        @JsonProperty("gateDecisions") boolean gateDecisions) {

    public static final IngestConfig DEFAULTS = new IngestConfig("127.0.0.1", 8088, null, null, 1 << 20, 50, 100, 60, 10_000, Map.of(), "prod",
            10_000, 15_000, null, null, null, null, false);

    public IngestConfig {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65_535) {
            throw new ConfigException("ingest.port must be between 0 and 65535 (0 picks a free port)");
        }
        if (maxBodyBytes < 1024) {
            throw new ConfigException("ingest.maxBodyBytes must be at least 1024");
        }
        if (ratePerSecond <= 0 || rateBurst < 1) {
            throw new ConfigException("ingest.ratePerSecond must be > 0 and ingest.rateBurst >= 1");
        }
        if (maxWaitSeconds < 0 || produceTimeoutMs < 100) {
            throw new ConfigException("ingest.maxWaitSeconds must be >= 0 and ingest.produceTimeoutMs >= 100");
        }
        if (headerTimeoutMs < 100 || bodyTimeoutMs < 100) {
            throw new ConfigException("ingest.headerTimeoutMs and ingest.bodyTimeoutMs must be >= 100");
        }
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        environment = environment == null || environment.isBlank() ? "prod" : environment.strip();
        if (!Environment.isValid(environment)) {
            throw new ConfigException("ingest.environment must be 1-32 lower-case letters, digits, '-' or '_', e.g. prod");
        }
        decisionSigningKey = decisionSigningKey == null || decisionSigningKey.isBlank() ? null : decisionSigningKey;
        decisionKeyId = decisionKeyId == null || decisionKeyId.isBlank() ? null : decisionKeyId;
        if ((decisionSigningKey == null) != (decisionKeyId == null)) {
            throw new ConfigException("ingest.decisionSigningKey and ingest.decisionKeyId go together: `countersign keys channel"
                    + " --channel api` makes the key file and prints its id");
        }
    }

    /** This configuration signing approval decisions with the private key in {@code keyFile}, known as {@code keyId}. */
    public IngestConfig withDecisionSigningKey(String keyFile, String keyId) {
        return new IngestConfig(host, port, apiKeysFile, directoryFile, maxBodyBytes, ratePerSecond, rateBurst, maxWaitSeconds,
                produceTimeoutMs, producer, environment, headerTimeoutMs, bodyTimeoutMs, keyFile, keyId, oidc, stepUp, gateDecisions);
    }

    /** This configuration accepting approvers' access tokens from the OpenID provider {@code oidc} (null: API keys only). */
    public IngestConfig withOidc(OidcConfig newOidc) {
        return new IngestConfig(host, port, apiKeysFile, directoryFile, maxBodyBytes, ratePerSecond, rateBurst, maxWaitSeconds,
                produceTimeoutMs, producer, environment, headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, newOidc, stepUp, gateDecisions);
    }

    /** This configuration with step-up approvals verified as {@code newStepUp} says (null: none). */
    public IngestConfig withStepUp(StepUpConfig newStepUp) {
        return new IngestConfig(host, port, apiKeysFile, directoryFile, maxBodyBytes, ratePerSecond, rateBurst, maxWaitSeconds,
                produceTimeoutMs, producer, environment, headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, oidc, newStepUp, gateDecisions);
    }

    /** The approval API's decision signer, or empty when none is configured. */
    public Optional<DecisionSignature.Signer> decisionSigner() throws IOException {
        return decisionSigningKey == null ? Optional.empty()
                : Optional.of(DecisionSignature.Signer.load(Path.of(decisionSigningKey), decisionKeyId));
    }

    /** The environment of intents sent with keys that name none. */
    public Environment defaultEnvironment() {
        return Environment.of(environment);
    }

    /** This configuration listening on {@code port}, e.g. 0 for tests. */
    public IngestConfig withPort(int newPort) {
        return new IngestConfig(host, newPort, apiKeysFile, directoryFile, maxBodyBytes, ratePerSecond, rateBurst, maxWaitSeconds, produceTimeoutMs, producer, environment,
                headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, oidc, stepUp, gateDecisions);
    }

    /** This configuration reading API keys from {@code file}. */
    public IngestConfig withApiKeysFile(String file) {
        return new IngestConfig(host, port, file, directoryFile, maxBodyBytes, ratePerSecond, rateBurst, maxWaitSeconds, produceTimeoutMs, producer, environment,
                headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, oidc, stepUp, gateDecisions);
    }

    /** This configuration reading approver groups from {@code file} (when it names none). */
    public IngestConfig withDirectoryFileIfUnset(String file) {
        return directoryFile != null ? this : new IngestConfig(host, port, apiKeysFile, file, maxBodyBytes, ratePerSecond, rateBurst,
                maxWaitSeconds, produceTimeoutMs, producer, environment,
                headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, oidc, stepUp, gateDecisions);
    }

    /** This configuration with another rate limit, e.g. for load tests. */
    public IngestConfig withRate(double perSecond, int burst) {
        return new IngestConfig(host, port, apiKeysFile, directoryFile, maxBodyBytes, perSecond, burst, maxWaitSeconds, produceTimeoutMs, producer, environment,
                headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, oidc, stepUp, gateDecisions);
    }

    /** This configuration reading the first-wins gate's decisions ({@code gateDecisions}) or not. */
    public IngestConfig withGateDecisions(boolean read) {
        return new IngestConfig(host, port, apiKeysFile, directoryFile, maxBodyBytes, ratePerSecond, rateBurst, maxWaitSeconds, produceTimeoutMs,
                producer, environment, headerTimeoutMs, bodyTimeoutMs, decisionSigningKey, decisionKeyId, oidc, stepUp, read);
    }

    public Duration maxWait() {
        return Duration.ofSeconds(maxWaitSeconds);
    }

    public Duration headerTimeout() {
        return Duration.ofMillis(headerTimeoutMs);
    }

    public Duration bodyTimeout() {
        return Duration.ofMillis(bodyTimeoutMs);
    }

    public Duration produceTimeout() {
        return Duration.ofMillis(produceTimeoutMs);
    }
}
