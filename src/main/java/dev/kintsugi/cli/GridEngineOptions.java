package dev.kintsugi.cli;

import picocli.CommandLine.Option;

/** {@code --engine} and {@code --master}: where a grid of independent jobs (study cells, stability runs) runs. */
final class GridEngineOptions {
    @Option(names = "--engine", defaultValue = "local", paramLabel = "NAME",
            description = "Where the jobs run: local (this machine, default) or spark (each job a Spark task in a "
                    + "process of its own; needs the Spark build, see README).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N], spark://host:7077, ... (default: what "
                    + "spark-submit gives).")
    String master;
}
