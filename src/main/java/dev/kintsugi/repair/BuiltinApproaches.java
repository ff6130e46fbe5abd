package dev.kintsugi.repair;

import dev.kintsugi.repair.approaches.Apricot;
import dev.kintsugi.repair.approaches.Arachne;
import dev.kintsugi.repair.approaches.Care;
import dev.kintsugi.repair.approaches.EditableTraining;
import dev.kintsugi.repair.approaches.DeepRepair;
import dev.kintsugi.repair.approaches.FineTune;
import dev.kintsugi.repair.approaches.FocalDistillation;
import dev.kintsugi.repair.approaches.FsgMix;
import dev.kintsugi.repair.approaches.GenMuNN;
import dev.kintsugi.repair.approaches.Hudd;
import dev.kintsugi.repair.approaches.IRepair;
import dev.kintsugi.repair.approaches.Inner;
import dev.kintsugi.repair.approaches.NeuRecover;
import dev.kintsugi.repair.approaches.HybridRepair;
import dev.kintsugi.repair.approaches.ThreeM;
import dev.kintsugi.repair.approaches.Vere;
import dev.kintsugi.repair.approaches.RandomRepair;
import dev.kintsugi.repair.approaches.Reassure;

/** Registers the approaches that ship with Kintsugi, once, in the study's order: model, then neuron level. */
final class BuiltinApproaches {
    private static boolean done;

    private BuiltinApproaches() {
    }

    static synchronized void ensureRegistered() {
        if (done) {
            return;
        }
        done = true;
        RepairRegistry.register("finetune", FineTune::new);
        RepairRegistry.register("apricot", Apricot::new);
        RepairRegistry.register("et", EditableTraining::new);
        RepairRegistry.register("fsgmix", FsgMix::new);
        RepairRegistry.register("deeprepair", DeepRepair::new);
        RepairRegistry.register("hudd", Hudd::new);
        RepairRegistry.register("hybridrepair", HybridRepair::new);
        RepairRegistry.register("arachne", Arachne::new);
        RepairRegistry.register("care", Care::new);
        RepairRegistry.register("irepair", IRepair::new);
        RepairRegistry.register("nr", NeuRecover::new);
        RepairRegistry.register("genmunn", GenMuNN::new);
        RepairRegistry.register("inner", Inner::new);
        RepairRegistry.register("vere", Vere::new);
        RepairRegistry.register("pct", FocalDistillation::new);
        RepairRegistry.register("3m", ThreeM::new);
        RepairRegistry.register("reassure", Reassure::new);
        RepairRegistry.register("random", RandomRepair::new);
    }
}
