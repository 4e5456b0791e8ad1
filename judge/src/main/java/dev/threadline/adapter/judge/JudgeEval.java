package dev.threadline.adapter.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Verdict;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./threadline judge-eval}: runs a judge over labelled (or unlabelled) items, writes one
 * prediction per item, and, where labels exist, prints accuracy, precision/recall/F1 of NEW, the
 * confusion matrix, a per-tag table, stage shares, LLM calls per item and latency. The judge sees
 * only {@link JudgeItem#question()}, never the label or the tag.
 */
public final class JudgeEval {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JudgeEval() {}

    /** One item's prediction. */
    record Prediction(JudgeItem item, Judgement judgement, long nanos) {}

    /**
     * Judges every item.
     *
     * @param llmCalls counts the calls that reached the LLM (the caller wraps the LLM judge)
     */
    static List<Prediction> run(List<JudgeItem> items, IssueJudge judge) {
        List<Prediction> out = new ArrayList<>();
        for (JudgeItem item : items) {
            long started = System.nanoTime();
            Judgement j;
            try {
                j = judge.judge(item.question()).get(0);
            } catch (AiUnavailableException e) {
                j = new Judgement(Verdict.SAME, null, Decision.Stage.FALLBACK, "judge unavailable: " + e.reason());
            }
            out.add(new Prediction(item, j, System.nanoTime() - started));
        }
        return out;
    }

    static String predictionLine(Prediction p) {
        ObjectNode line = JSON.createObjectNode();
        line.set("id", p.item().id());
        line.put("prediction", p.judgement().verdict().name());
        if (p.judgement().confidence() == null) {
            line.putNull("confidence");
        } else {
            line.put("confidence", Math.round(p.judgement().confidence() * 1000) / 1000.0);
        }
        line.put("stage", p.judgement().stage().name().toLowerCase());
        line.put("reason", p.judgement().reason());
        return line.toString();
    }

    /** Accuracy and F1(NEW) of labelled predictions: the two numbers the targets are set on. */
    record Score(int n, double accuracy, double precision, double recall, double f1, int tp, int fp, int fn, int tn) {
        static Score of(List<Prediction> predictions) {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (Prediction p : predictions) {
                if (p.item().label() == null) {
                    continue;
                }
                boolean said = p.judgement().verdict() == Verdict.NEW;
                boolean truth = p.item().label() == Verdict.NEW;
                if (said && truth) tp++;
                else if (said) fp++;
                else if (truth) fn++;
                else tn++;
            }
            int n = tp + fp + fn + tn;
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new Score(n, n == 0 ? 0 : (double) (tp + tn) / n, precision, recall, f1, tp, fp, fn, tn);
        }
    }

    static void report(String name, List<Prediction> predictions, int llmCalls, PrintStream out) {
        Score s = Score.of(predictions);
        out.printf("judge %s: %d items%n", name, predictions.size());
        if (s.n() > 0) {
            out.printf("  accuracy %.3f   NEW precision %.3f  recall %.3f  F1 %.3f%n", s.accuracy(), s.precision(), s.recall(), s.f1());
            out.printf("  confusion (rows: label, columns: prediction)   SAME   NEW%n");
            out.printf("                                       SAME  %5d %5d%n", s.tn(), s.fp());
            out.printf("                                       NEW   %5d %5d%n", s.fn(), s.tp());
            Map<String, List<Prediction>> byTag = new TreeMap<>();
            predictions.stream().filter(p -> p.item().tag() != null)
                    .forEach(p -> byTag.computeIfAbsent(p.item().label() + " " + p.item().tag(), k -> new ArrayList<>()).add(p));
            if (!byTag.isEmpty()) {
                out.printf("  %-42s %5s %8s%n", "label tag", "n", "accuracy");
                byTag.forEach((tag, ps) -> out.printf("  %-42s %5d %8.2f%n", tag, ps.size(), Score.of(ps).accuracy()));
            }
        }
        Map<String, Integer> stages = new TreeMap<>();
        predictions.forEach(p -> stages.merge(p.judgement().stage().name().toLowerCase(), 1, Integer::sum));
        StringBuilder shares = new StringBuilder();
        stages.forEach((stage, count) -> shares.append(String.format(" %s %.1f%%", stage, 100.0 * count / predictions.size())));
        out.printf("  stages:%s   LLM calls per item %.2f%n", shares, predictions.isEmpty() ? 0 : (double) llmCalls / predictions.size());
        long[] nanos = predictions.stream().mapToLong(Prediction::nanos).sorted().toArray();
        if (nanos.length > 0) {
            out.printf("  latency per item: p50 %.1f ms, p99 %.1f ms (this machine, one thread)%n",
                    nanos[nanos.length / 2] / 1e6, nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6);
        }
    }

    /** Wraps a judge to count its calls (for LLM calls per item). */
    static IssueJudge counting(IssueJudge judge, AtomicInteger calls) {
        return q -> {
            calls.incrementAndGet();
            return judge.judge(q);
        };
    }

    static String usage() {
        return "usage: ./threadline judge-eval FILE.jsonl [--judge offline|llm|cascade|" + String.join("|", Baselines.names())
                + "|all] [--out PRED.jsonl] [--disagreements]";
    }

    static List<String> parseJudges(String value) {
        if (value.equals("all")) {
            List<String> all = new ArrayList<>(Baselines.names());
            all.add("offline");
            return all;
        }
        return Arrays.asList(value.split(","));
    }
}
