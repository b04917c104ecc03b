package io.countersign.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = CountersignCli.class.getPackage().getImplementationVersion();
        return new String[] {"countersign " + (version == null ? "development build" : version),
                "Java " + Runtime.version()};
    }
}
