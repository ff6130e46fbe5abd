package dev.kintsugi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The numbers {@code tools/repair_reference.py} computed outside Java from the original authors' formulas,
 * on a tiny fixed network (flatten, linear 4→6, ReLU, linear 6→3) and fixed inputs.
 */
public final class ReferenceFixture {
    private static JsonNode root;

    private ReferenceFixture() {
    }

    public static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = ReferenceFixture.class.getResourceAsStream("/repair/reference.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public static JsonNode get(String approach) {
        return root().get(approach);
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    public static double[][] matrix(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(rows.get(i));
        }
        return out;
    }

    /** "negatives" or "positives" as a dataset of the fixture's 4-feature inputs. */
    public static Dataset data(String which) {
        JsonNode d = root().get(which);
        return new Dataset(which, new int[] {4}, floats(d.get("x")), ints(d.get("y")), TestData.classNames(3));
    }

    /** The fixture's network; {@code output} "logits" or "softmax" (a trailing softmax layer). */
    public static Network network(String output) {
        JsonNode n = root().get("network");
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "6", "output", output), data("negatives")), 1);
        net.setParameterValues(1, "weight", floats(n.get("w1")));
        net.setParameterValues(1, "bias", floats(n.get("b1")));
        net.setParameterValues(3, "weight", floats(n.get("w2")));
        net.setParameterValues(3, "bias", floats(n.get("b2")));
        return net;
    }
}
