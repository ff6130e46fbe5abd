package dev.kintsugi.repair;

import java.util.List;
import java.util.Optional;

/**
 * The sixteen approaches of the ICSE 2026 study "A Comprehensive Study of Deep Learning Model Fixing
 * Approaches" (You, Wang, Dong, Mo, Zhao, Chen; arXiv 2512.23745), in the study's table order, with the
 * registry name of the Kintsugi class that implements each one, if any. {@code kintsugi repair --list}
 * uses it to say which of the sixteen are built, which are not yet, and that DTR is not identified.
 */
public final class StudyCatalogue {
    /** What Kintsugi has for one study abbreviation. */
    public enum Status {
        /** A registered approach implements it. */
        BUILT,
        /** Identified, but no algorithm behind it yet. */
        NOT_BUILT,
        /** The study's abbreviation could not be tied to a paper; nothing is invented for it. */
        NOT_IDENTIFIED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One row of the study.
     *
     * @param abbreviation the study's column name, e.g. {@code AR}
     * @param paper        the paper as identified in shared/reference/approaches.md
     * @param registryName the Kintsugi approach that implements it, or null
     */
    public record Entry(String abbreviation, String paper, RepairLevel level, String registryName) {
        public Status status() {
            if ("DTR".equals(abbreviation)) {
                return Status.NOT_IDENTIFIED;
            }
            return registryName != null && RepairRegistry.names().contains(registryName) ? Status.BUILT
                    : Status.NOT_BUILT;
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("AP", "Zhang & Chan, Apricot, ASE 2019", RepairLevel.MODEL, "apricot"),
            new Entry("ET", "Sinitsin et al., Editable Training, ICLR 2020", RepairLevel.MODEL, "et"),
            new Entry("FM", "Ren et al., Few-Shot Guided Mix, ICSME 2020", RepairLevel.MODEL, "fsgmix"),
            new Entry("DR", "Yu et al., DeepRepair (style-guided), IEEE Trans. Reliability 2021", RepairLevel.MODEL,
                    "deeprepair"),
            new Entry("HUDD", "Fahmy et al., HUDD, IEEE Trans. Reliability 2021", RepairLevel.MODEL, "hudd"),
            new Entry("HR", "Li, Chen, Xu, HybridRepair, ISSTA 2022", RepairLevel.MODEL, "hybridrepair"),
            new Entry("3M", "Refaeli & Katz, 3M-DNN (minimal multi-layer modifications), arXiv 2110.09929",
                    RepairLevel.LAYER, "3m"),
            new Entry("RA", "Fu & Li, REASSURE, ICLR 2022", RepairLevel.LAYER, "reassure"),
            new Entry("AR", "Sohn, Kang, Yoo, Arachne, TOSEM 2023", RepairLevel.NEURON, "arachne"),
            new Entry("CARE", "Sun et al., CARE, ICSE 2022", RepairLevel.NEURON, "care"),
            new Entry("NR", "Tokui et al., NeuRecover, SANER 2022", RepairLevel.NEURON, "nr"),
            new Entry("IR", "Henriksen, Leofante, Lomuscio, I-Repair, SAC 2022", RepairLevel.NEURON, "irepair"),
            new Entry("DTR", "not identified: the study's paper text could not be read and no approach matched",
                    RepairLevel.NEURON, null),
            new Entry("GM", "Wu et al., GenMuNN, IJMSSC 2023", RepairLevel.NEURON, "genmunn"),
            new Entry("VERE", "Ma et al., VeRe, ICSE 2024", RepairLevel.NEURON, "vere"),
            new Entry("IN", "Chen et al., INNER, ISSTA 2024", RepairLevel.NEURON, "inner"));

    private StudyCatalogue() {
    }

    /** All sixteen, in the study's order. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The study row a registered approach implements, if it implements one. */
    public static Optional<Entry> forApproach(String registryName) {
        return ENTRIES.stream().filter(e -> registryName.equals(e.registryName())).findFirst();
    }
}
