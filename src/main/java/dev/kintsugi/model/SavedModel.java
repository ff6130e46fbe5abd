package dev.kintsugi.model;

import dev.kintsugi.util.Provenance;

import java.nio.file.Path;

/**
 * A network loaded from a model directory, with the provenance it was saved with and the directory's
 * checksum (so artefacts derived from it can name it exactly).
 */
public record SavedModel(Network network, Provenance provenance, Path directory, String checksum)
        implements AutoCloseable {
    @Override
    public void close() {
        network.close();
    }
}
