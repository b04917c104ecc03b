package io.countersign.sdk;

import java.net.URI;
import java.time.Duration;

/** Canned gateway answers and a fast-retrying client, shared by the tests. */
final class Replies {
    static final String API_KEY = "cs_test_S3cr3tK3y_do_not_leak";
    static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Replies() {
    }

    /** A client with tiny backoffs so retry tests stay fast. */
    static Countersign client(URI uri) {
        return Countersign.builder().baseUrl(uri).apiKey(API_KEY)
                .requestTimeout(Duration.ofSeconds(5))
                .maxRetries(3)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(20))
                .build();
    }

    static Intent intent() {
        return Intent.action("db.export").principal("user:alice@example.com").target("pg://crm/customers").build();
    }

    static FakeGateway.Reply accepted(String id) {
        return FakeGateway.json(202, "{\"intentId\": \"" + id + "\", \"status\": \"PENDING\"}");
    }

    static FakeGateway.Reply pending(String id, String status) {
        return FakeGateway.json(200, "{\"intentId\": \"" + id + "\", \"status\": \"" + status + "\", \"verdict\": null}");
    }

    static FakeGateway.Reply allowed(String id) {
        return FakeGateway.json(200, "{\"intentId\": \"" + id + "\", \"status\": \"ALLOWED\", \"shinyNewField\": 1,"
                + " \"verdict\": {\"outcome\": \"ALLOWED\", \"decidedBy\": \"APPROVERS\","
                + " \"decisions\": [{\"approver\": \"user:carol@example.com\", \"decision\": \"APPROVE\","
                + " \"reason\": \"partner contract ok\", \"decidedAt\": \"2026-11-23T06:00:00Z\", \"extra\": true}],"
                + " \"matchedRules\": [{\"id\": \"pii-external-review\", \"effect\": \"REVIEW\", \"description\": \"PII leaving\"}],"
                + " \"policyVersion\": \"v7\", \"intentHash\": \"" + HASH + "\", \"requestId\": \"req-v\","
                + " \"message\": \"approved by 1 of 1\", \"decidedAt\": \"2026-11-23T06:00:01Z\", \"latencyMs\": 12}}");
    }

    static FakeGateway.Reply deniedByApprover(String id) {
        return FakeGateway.json(200, "{\"intentId\": \"" + id + "\", \"status\": \"DENIED\","
                + " \"verdict\": {\"outcome\": \"DENIED\", \"decidedBy\": \"APPROVERS\","
                + " \"decisions\": [{\"approver\": \"user:bob@example.com\", \"decision\": \"DENY\","
                + " \"reason\": \"no contract with this partner\", \"decidedAt\": \"2026-11-23T06:00:00Z\"}],"
                + " \"matchedRules\": [{\"id\": \"pii-external-review\", \"effect\": \"REVIEW\"}],"
                + " \"policyVersion\": \"v7\", \"intentHash\": \"" + HASH + "\", \"requestId\": \"req-d\","
                + " \"message\": \"denied by user:bob@example.com\", \"decidedAt\": \"2026-11-23T06:00:01Z\"}}");
    }

    static FakeGateway.Reply deniedByPolicy(String id) {
        return FakeGateway.json(200, "{\"intentId\": \"" + id + "\", \"status\": \"DENIED\","
                + " \"verdict\": {\"outcome\": \"DENIED\", \"decidedBy\": \"POLICY\", \"decisions\": [],"
                + " \"matchedRules\": [{\"id\": \"no-prod-drop\", \"effect\": \"DENY\"}],"
                + " \"intentHash\": \"" + HASH + "\", \"message\": \"dropping prod tables is never allowed\"}}");
    }

    static FakeGateway.Reply executionAccepted(String id) {
        return FakeGateway.json(202, "{\"intentId\": \"" + id + "\", \"accepted\": true}");
    }
}
