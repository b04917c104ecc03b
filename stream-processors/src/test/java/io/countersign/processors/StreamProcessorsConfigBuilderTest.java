package io.countersign.processors;

import io.countersign.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The named builder: its defaults are the YAML defaults, and it sets exactly the settings it names. */
class StreamProcessorsConfigBuilderTest {

    @Test
    void anUnnamedSettingKeepsItsDefault() {
        assertThat(StreamProcessorsConfig.builder().build()).isEqualTo(StreamProcessorsConfig.DEFAULTS);
        StreamProcessorsConfig named = StreamProcessorsConfig.builder().applicationId("it").checkpointIntervalMs(300).build();
        assertThat(named.applicationId()).isEqualTo("it");
        assertThat(named.checkpointIntervalMs()).isEqualTo(300);
        assertThat(named.expirySweepMs()).isEqualTo(1000);
        assertThat(named.commitIntervalMs()).isEqualTo(25);
        assertThat(named.unknownDatasetLabels()).containsExactly("UNCLASSIFIED");
        assertThat(named.keyDir()).isEqualTo(".countersign/data/keys");
        assertThat(named.http()).isEqualTo(StreamProcessorsConfig.Http.DEFAULT);
    }

    @Test
    void aDataDirHoldsTheKeysAndTheState() {
        StreamProcessorsConfig config = StreamProcessorsConfig.builder().dataDir(Path.of("/data")).build();
        assertThat(config.keyDir()).isEqualTo(Path.of("/data/keys").toString());
        assertThat(config.stateDir()).isEqualTo(Path.of("/data/streams").toString());
    }

    @Test
    void toBuilderChangesOnlyWhatItNames() {
        StreamProcessorsConfig original = StreamProcessorsConfig.builder().applicationId("a").streams(Map.of("num.stream.threads", "2"))
                .unknownDatasetLabels(List.of("SECRET")).build();
        StreamProcessorsConfig changed = original.toBuilder().expirySweepMs(200).build();
        assertThat(changed).isEqualTo(new StreamProcessorsConfig("a", null, null, ".countersign/data/keys", null, 25, List.of("SECRET"),
                200, 10_000, Map.of("num.stream.threads", "2"), List.of(), null, null));
    }

    @Test
    void theRecordStillRefusesWhatIsWrong() {
        assertThatThrownBy(() -> StreamProcessorsConfig.builder().applicationId(" ").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("applicationId");
        assertThatThrownBy(() -> StreamProcessorsConfig.builder().commitIntervalMs(0).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("commitIntervalMs");
    }
}
