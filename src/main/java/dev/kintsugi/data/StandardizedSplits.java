package dev.kintsugi.data;

/** Tabular splits after standardisation, with the standardiser that a model directory must keep. */
public record StandardizedSplits(Splits splits, Standardizer standardizer) {
}
