import dev.kintsugi.dashboard.Dashboard;
import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;

import java.util.Map;

/**
 * The dashboard's own count of its cost: LeNet-5 trained on the first N Fashion-MNIST training images for
 * 1 and then 4 epochs with a dashboard watching (no page connected), printing the time its training
 * callbacks took against the training time. Run with the jar on the class path:
 * {@code java -Dai.djl.offline=true -cp target/kintsugi.jar bench/DashboardOverhead.java 6000}
 */
public class DashboardOverhead {
    public static void main(String[] args) {
        Splits splits = BuiltinDatasets.load("fashion-mnist", 0);
        int n = Integer.parseInt(args[0]);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        Dataset train = splits.train().subset("fashion-mnist/train[0:" + n + "]", first);
        for (int epochs : new int[] {1, 4}) {
            try (Dashboard d = Dashboard.start(0, "train", "overhead", null).watchTraining();
                 Network net = Network.create(ModelZoo.specFor("lenet5", Map.of(), train, true), 0)) {
                new Trainer(TrainingConfig.defaults().withEpochs(epochs)).fit(net, train, null);
                System.out.println(epochs + " epoch(s): " + d.overhead());
            }
        }
    }
}
