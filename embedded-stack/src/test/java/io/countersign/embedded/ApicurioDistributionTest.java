package io.countersign.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry distribution is found where the build copied it, whatever local Maven repository the build used. */
class ApicurioDistributionTest {

    @Test
    void theBuildRecordsWhereItCopiedTheDistribution() {
        assertThat(ApicurioDistribution.builtCopy()).hasValueSatisfying(p -> {
            assertThat(p.getFileName().toString()).isEqualTo("apicurio-registry-app-" + ApicurioDistribution.VERSION + "-all.tar.gz");
            assertThat(p.getParent().getFileName().toString()).isEqualTo("apicurio-dist");
            assertThat(Files.isRegularFile(p)).as("copied by the build's resolve-apicurio step: %s", p).isTrue();
        });
    }
}
