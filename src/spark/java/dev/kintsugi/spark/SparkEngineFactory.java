package dev.kintsugi.spark;

import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.study.grid.GridEngineFactory;
import dev.kintsugi.study.grid.GridEngines;

/**
 * Registers {@link SparkEngine} as {@code --engine spark} (META-INF/services). It names no Spark class in its
 * signatures, so the service loads even where Spark is missing and the missing class shows only when the engine
 * is made; making it first checks that the Spark and Scala on the class path are the ones this jar was built for.
 */
public final class SparkEngineFactory implements GridEngineFactory {
    @Override
    public String name() {
        return GridEngines.SPARK;
    }

    @Override
    public GridEngine create(String master) {
        requireSupported(sparkVersion(), scala.util.Properties.versionNumberString());
        if (master != null) {
            // before the study trains its originals, not after
            SparkEngine.requireReachable(master);
        }
        return new SparkEngine(master);
    }

    /** The Spark on the class path, from the version file spark-core ships (null when there is none). */
    static String sparkVersion() {
        try (java.io.InputStream in = SparkEngineFactory.class.getClassLoader()
                .getResourceAsStream("spark-version-info.properties")) {
            if (in == null) {
                return null;
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * This build is compiled against Spark {@value #BUILT_FOR}.x on Scala {@value #SCALA}: another major version or
     * Scala fails in one line here instead of with a linkage error deep in the first job.
     */
    static void requireSupported(String spark, String scalaVersion) {
        boolean sparkOk = spark != null && spark.startsWith(BUILT_FOR + ".");
        boolean scalaOk = scalaVersion != null && scalaVersion.startsWith(SCALA + ".");
        if (!sparkOk || !scalaOk) {
            throw new dev.kintsugi.KintsugiException("--engine spark needs Spark " + BUILT_FOR + ".x on Scala " + SCALA
                    + " (this jar was built for them); found Spark " + (spark == null ? "of unknown version" : spark)
                    + " on Scala " + scalaVersion);
        }
    }

    static final String BUILT_FOR = "4";
    static final String SCALA = "2.13";
}
