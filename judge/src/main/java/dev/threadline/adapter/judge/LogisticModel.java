package dev.threadline.adapter.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Logistic regression over standardised {@link Features}: p(NEW) = σ(b + Σ wᵢ·zᵢ). Small enough to
 * read (one weight per human-meaningful feature), trained in a second by {@link #fit}, and
 * calibrated by construction on its training distribution: the probability is the confidence.
 *
 * @param version the model file's version, recorded in every decision's reason
 * @param embedder the embedding model the features were computed with
 * @param threshold p(NEW) at or above which the verdict is NEW
 */
record LogisticModel(String version, String embedder, List<String> features, double[] mean, double[] scale,
                     double[] weights, double bias, double threshold) {

    LogisticModel {
        if (!features.equals(Features.NAMES)) {
            throw new IllegalStateException("judge model " + version + " was trained on other features; run ./threadline judge-train");
        }
    }

    double probability(double[] x) {
        return sigmoid(bias + dot(x));
    }

    /** Each feature's pull towards NEW (positive) or SAME (negative) for this input. */
    double[] contributions(double[] x) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = weights[i] * (x[i] - mean[i]) / scale[i];
        }
        return c;
    }

    private double dot(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += weights[i] * (x[i] - mean[i]) / scale[i];
        }
        return s;
    }

    /**
     * Fits by full-batch gradient descent with L2 regularisation (not on the bias).
     *
     * @param y 1 for NEW, 0 for SAME
     */
    static LogisticModel fit(String version, String embedder, double[][] x, int[] y, double l2, double threshold) {
        int n = x.length;
        int d = Features.NAMES.size();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j]) < 1e-9 ? 1 : Math.sqrt(scale[j]);
        }
        double[] w = new double[d];
        double b = 0;
        double rate = 0.5;
        for (int epoch = 0; epoch < 3000; epoch++) {
            double[] gw = new double[d];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double z = b;
                for (int j = 0; j < d; j++) {
                    z += w[j] * (x[i][j] - mean[j]) / scale[j];
                }
                double err = sigmoid(z) - y[i];
                gb += err / n;
                for (int j = 0; j < d; j++) {
                    gw[j] += err * (x[i][j] - mean[j]) / scale[j] / n;
                }
            }
            for (int j = 0; j < d; j++) {
                w[j] -= rate * (gw[j] + l2 * w[j] / n);
            }
            b -= rate * gb;
        }
        return new LogisticModel(version, embedder, Features.NAMES, mean, scale, w, b, threshold);
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("version", version).put("embedder", embedder).put("bias", bias).put("threshold", threshold);
        node.set("features", json.valueToTree(features));
        node.set("mean", json.valueToTree(mean));
        node.set("scale", json.valueToTree(scale));
        node.set("weights", json.valueToTree(weights));
        return node;
    }

    static LogisticModel fromJson(JsonNode node, ObjectMapper json) {
        try {
            return new LogisticModel(node.get("version").asText(), node.get("embedder").asText(),
                    List.of(json.treeToValue(node.get("features"), String[].class)),
                    json.treeToValue(node.get("mean"), double[].class), json.treeToValue(node.get("scale"), double[].class),
                    json.treeToValue(node.get("weights"), double[].class), node.get("bias").asDouble(),
                    node.get("threshold").asDouble());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NullPointerException e) {
            throw new IllegalStateException("the judge model file is not valid: " + e.getMessage(), e);
        }
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
