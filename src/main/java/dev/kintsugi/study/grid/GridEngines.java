package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Picks the engine {@code --engine} names: {@code local} here, any other through a {@link GridEngineFactory}. */
public final class GridEngines {
    public static final String LOCAL = "local";
    public static final String SPARK = "spark";
    /** How to get the Spark engine, said in one line when it is asked for and missing. */
    static final String HOW_TO_GET_SPARK = "--engine spark needs the Spark build: ./mvnw -Pcpu,spark package, then "
            + "spark-submit target-spark/kintsugi-spark.jar study ... --engine spark (README: Running on Spark)";
    /** The Spark build run without Spark (plain java -jar): spark-submit supplies Spark. */
    static final String SPARK_NOT_ON_CLASS_PATH = "--engine spark needs Spark on the class path: run this jar "
            + "with spark-submit (README: Running on Spark)";

    private GridEngines() {
    }

    /** The engine called {@code name}; {@code master} is only for a cluster engine, null for its default. */
    public static GridEngine create(String name, int parallel, String master) {
        if (name.equals(LOCAL)) {
            if (master != null) {
                throw new KintsugiException("--master is for a cluster engine (--engine spark), not --engine local");
            }
            return new LocalEngine(parallel);
        }
        try {
            for (GridEngineFactory f : ServiceLoader.load(GridEngineFactory.class)) {
                if (f.name().equals(name)) {
                    return f.create(master);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            // The engine's jar is here but its libraries (Spark) are not on the class path.
            if (name.equals(SPARK)) {
                throw new KintsugiException(SPARK_NOT_ON_CLASS_PATH, e);
            }
            throw new KintsugiException("--engine " + name + " cannot start: " + e, e);
        }
        if (name.equals(SPARK)) {
            throw new KintsugiException(HOW_TO_GET_SPARK);
        }
        throw new KintsugiException("--engine must be local or spark, got " + name);
    }
}
