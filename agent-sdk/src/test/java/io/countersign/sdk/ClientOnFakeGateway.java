package io.countersign.sdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

/** The unit tests' fixture: a {@link Countersign} client ({@code cs}) talking to a fresh {@link FakeGateway} per test. */
abstract class ClientOnFakeGateway {
    FakeGateway gateway;
    Countersign cs;

    @BeforeEach
    void startGatewayAndClient() throws IOException {
        gateway = new FakeGateway();
        cs = Replies.client(gateway.uri());
    }

    @AfterEach
    void closeClientAndGateway() {
        cs.close();
        gateway.close();
    }
}
