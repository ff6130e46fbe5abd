package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any registered repair approach as a {@link Mitigation}: the generated debug_train images take the place of
 * the repair split, so the approach sees them as its repair data (its negatives are the generated images the
 * model gets wrong, its positives the rest); train and valid stay the original ones, and test is never shown
 * to it. If the model already gets every generated image right there is nothing for the approach to learn
 * from, and an unchanged copy is returned.
 */
public final class RepairApproachMitigation implements Mitigation {
    private final RepairApproach approach;
    private final Duration budget;
    private final Map<String, String> options;

    public RepairApproachMitigation(RepairApproach approach, Duration budget, Map<String, String> options) {
        this.approach = approach;
        this.budget = budget;
        dev.kintsugi.repair.RepairRegistry.checkOptions(approach, options);
        this.options = Map.copyOf(options);
    }

    @Override
    public String name() {
        return approach.name();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("approach", approach.name());
        s.put("paper", approach.paper());
        s.put("budget", budget.toString());
        s.put("options", options);
        return s;
    }

    @Override
    public void checkRunsOn(Network original) {
        approach.checkRunsOn(original);
    }

    @Override
    public Network mitigate(Network original, Splits splits, Dataset debugTrain, long seed, PrintStream log) {
        if (RepairContext.failing(original, debugTrain).size() == 0) {
            log.println(approach.name() + ": the model already gets all " + debugTrain.size()
                    + " generated images right; keeping it unchanged");
            return original.copy();
        }
        Splits withDebugTrain = new Splits(splits.source() + "+debug-train", splits.train(), splits.valid(), debugTrain,
                splits.test());
        RepairContext context = RepairContext.prepare(original, withDebugTrain, seed, budget, null, options, log);
        RepairResult result = approach.repair(original, context);
        return result.fixed();
    }
}
