package dev.kintsugi.model.zoo;

import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import dev.kintsugi.KintsugiException;

/** Pieces that end every architecture the same way: hidden dense layers and the output layer. */
final class Heads {
    private Heads() {
    }

    /** Dense -> [batch norm] -> activation -> [dropout], once per width. */
    static void addDense(SequentialBlock net, Options o, int[] widths) {
        for (int width : widths) {
            net.add(Layers.linear(o, width));
            if (o.bool("batchnorm")) {
                net.add(Layers.batchNorm());
            }
            net.add(Layers.activation(o));
            if (o.real("dropout") > 0) {
                net.add(Layers.dropout(o.real("dropout")));
            }
        }
    }

    /** The last linear layer, plus an explicit output activation when the options ask for one. */
    static void addOutput(SequentialBlock net, Options o, int numClasses) {
        net.add(Layers.linear(o, numClasses));
        String output = o.string("output");
        switch (output) {
            case "logits" -> {
            }
            case "softmax" -> net.add(LambdaBlock.singleton(x -> x.softmax(1), "softmax"));
            case "sigmoid" -> net.add(Activation.sigmoidBlock());
            default -> throw new KintsugiException("unknown output '" + output + "'; choose logits, softmax or sigmoid");
        }
    }

    /** Conv -> [batch norm] -> activation. */
    static void addConv(SequentialBlock net, Options o, int filters, int kernel, boolean same) {
        net.add(Layers.conv(o, filters, kernel, same, 1));
        if (o.bool("batchnorm")) {
            net.add(Layers.batchNorm());
        }
        net.add(Layers.activation(o));
    }
}
