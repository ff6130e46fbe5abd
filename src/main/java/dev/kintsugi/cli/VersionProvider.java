package dev.kintsugi.cli;

import dev.kintsugi.util.Provenance;
import picocli.CommandLine.IVersionProvider;

import java.util.Properties;

/** {@code kintsugi --version}: the build's version and git commit (no engine start needed). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = Provenance.buildInfo();
        return new String[] {"kintsugi " + p.getProperty("version", "unknown") + " (" + p.getProperty("commit", "unknown")
                + ")"};
    }
}
