package io.countersign.embedded;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void zeroPicksAFreePortAndAFixedPortIsKept() {
        assertThat(Ports.resolve(0)).isBetween(1, 65535);
        assertThat(Ports.resolve(9092)).isEqualTo(9092);
    }

    @Test
    void takenPortIsExplained() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Ports.requireFree(s.getLocalPort(), "OpenSearch", "--opensearch-port"))
                    .hasMessageContaining("OpenSearch").hasMessageContaining("--opensearch-port").hasMessageContaining("0 picks a free one");
        }
        int free = Ports.free();
        Ports.requireFree(free, "Kafka", "--kafka-port"); // does not throw
    }
}
