package dev.kintsugi.study.grid;

/**
 * Makes a {@link GridEngine} that lives outside the core jar (the Spark engine of the {@code spark} build),
 * found through {@link java.util.ServiceLoader} so the core needs none of its libraries. The local engine needs no
 * factory.
 */
public interface GridEngineFactory {
    /** The name {@code --engine} selects it by, e.g. {@code spark}. */
    String name();

    /**
     * The engine, for cells to run at {@code master} (the engine's own address syntax, e.g. {@code local[2]} or
     * {@code spark://host:7077}), or where the engine's launcher says when {@code master} is null.
     */
    GridEngine create(String master);
}
