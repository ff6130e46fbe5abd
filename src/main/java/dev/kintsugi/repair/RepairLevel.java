package dev.kintsugi.repair;

/** Where an approach changes a model, as the ICSE 2026 study classifies them. */
public enum RepairLevel {
    /** Retrains or re-weights the whole model. */
    MODEL,
    /** Changes the weights of chosen layers. */
    LAYER,
    /** Changes individual neurons or weights found by fault localisation. */
    NEURON
}
