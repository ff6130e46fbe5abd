package dev.kintsugi.spark;

import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.study.grid.GridEngineFactory;
import dev.kintsugi.study.grid.GridEngines;

/**
 * Registers {@link SparkEngine} as {@code --engine spark} (META-INF/services). It names no Spark class itself, so
 * the service loads even where Spark is missing and the missing class shows only when the engine is made.
 */
public final class SparkEngineFactory implements GridEngineFactory {
    @Override
    public String name() {
        return GridEngines.SPARK;
    }

    @Override
    public GridEngine create(String master) {
        return new SparkEngine(master);
    }
}
