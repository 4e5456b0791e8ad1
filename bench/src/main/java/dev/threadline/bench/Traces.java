package dev.threadline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic but plausible customer traffic, seeded so that every run sends the same messages. The
 * texts are chosen so that the OpenAI fake's rules ({@code RuleBasedResponder}) judge them as a model
 * would: a nudge or a detail naming the issue is SAME, "Also a new issue: ..." is NEW.
 *
 * <p>A trace is a list of <em>waves</em>. Within a wave every customer sends what it sends
 * back-to-back; between waves minutes pass (Meta timestamps), so the benchmark lets the pipeline
 * drain before the next wave, as it would in real time.
 */
final class Traces {

    /** One WhatsApp text message. */
    record Msg(int customer, String wamid, Instant sentAt, String text) {}

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private static final String[][] ISSUES = {
            {"Can't SSH to 10.221.35.60 since this morning", "ssh"},
            {"Printer on floor 3 is jammed", "printer"},
            {"Outlook keeps asking for my password", "outlook"},
            {"VPN drops every ten minutes when I work from home", "vpn"},
            {"Invoice 4711 shows the wrong VAT rate", "invoice"},
            {"The shared drive S: does not mount after the update", "drive"},
            {"Wifi in meeting room B is down", "wifi"},
            {"My account is locked after the password change", "account"},
            {"Teams calls drop after a minute", "teams"},
            {"The scanner sends empty PDFs to my mailbox", "scanner"},
    };
    private static final String[] NUDGES = {"still not working", "any update?", "thanks!", "ok, waiting", "it happened again"};
    private static final String[] DETAILS = {
            "the %s shows error E5 now", "I restarted the %s twice, no change", "colleagues have the same %s problem",
            "the %s worked fine yesterday evening", "screenshot of the %s error is in the ticket portal"};

    private Traces() {}

    /**
     * Customers writing a few messages minutes apart: an opening message, then one to four follow-ups
     * (nudges and details) 3 to 40 minutes apart; now and then a follow-up raises a new issue (8% each),
     * and some customers come back two days later about something else (10%). One message per
     * customer per wave.
     */
    static List<List<Msg>> realistic(int customers, long seed) {
        Random random = new Random(seed);
        List<List<Msg>> perCustomer = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            List<Msg> messages = new ArrayList<>();
            String[] issue = ISSUES[random.nextInt(ISSUES.length)];
            Instant at = T0.plusSeconds(random.nextInt(3600));
            messages.add(msg(c, 0, at, issue[0]));
            int followUps = 1 + random.nextInt(4);
            boolean raisedNew = false;
            for (int k = 1; k <= followUps; k++) {
                at = at.plus(Duration.ofMinutes(3 + random.nextInt(38)));
                if (!raisedNew && random.nextDouble() < 0.08) {
                    raisedNew = true;
                    issue = other(random, issue);
                    messages.add(msg(c, k, at, "Also a new issue: " + issue[0]));
                } else {
                    messages.add(msg(c, k, at, followUp(random, issue)));
                }
            }
            if (random.nextDouble() < 0.10) {
                at = at.plus(Duration.ofDays(2));
                messages.add(msg(c, followUps + 1, at, other(random, issue)[0]));
            }
            perCustomer.add(messages);
        }
        return waves(perCustomer);
    }

    /**
     * Customers sending 3 to 5 messages back-to-back, twice: an opening burst (the issue, then details),
     * and 20 to 60 minutes later a follow-up burst, which in 20% of cases raises a new issue first.
     */
    static List<List<Msg>> bursty(int customers, long seed) {
        Random random = new Random(seed);
        List<Msg> opening = new ArrayList<>();
        List<Msg> followUp = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String[] issue = ISSUES[random.nextInt(ISSUES.length)];
            Instant at = T0.plusSeconds(random.nextInt(3600));
            int n = 3 + random.nextInt(3);
            opening.add(msg(c, 0, at, issue[0]));
            for (int k = 1; k < n; k++) {
                opening.add(msg(c, k, at.plusSeconds(5L * k), String.format(DETAILS[random.nextInt(DETAILS.length)], issue[1])));
            }
            at = at.plus(Duration.ofMinutes(20 + random.nextInt(41)));
            int m = 3 + random.nextInt(3);
            for (int k = 0; k < m; k++) {
                String text;
                if (k == 0 && random.nextDouble() < 0.20) {
                    issue = other(random, issue);
                    text = "Also a new issue: " + issue[0];
                } else {
                    text = followUp(random, issue);
                }
                followUp.add(msg(c, n + k, at.plusSeconds(5L * k), text));
            }
        }
        return List.of(opening, followUp);
    }

    /**
     * {@code total} messages from {@code customers} customers in sending order, round-robin: each
     * customer's first message states an issue, later ones (5 minutes apart by Meta's clock) are
     * nudges and details, and one in twenty raises a new issue. For throughput runs, which send
     * everything as fast as intake takes it.
     */
    static List<Msg> stream(int customers, int total, long seed) {
        Random random = new Random(seed);
        String[][] issue = new String[customers][];
        List<Msg> out = new ArrayList<>();
        for (int k = 0; out.size() < total; k++) {
            for (int c = 0; c < customers && out.size() < total; c++) {
                Instant at = T0.plus(Duration.ofMinutes(5L * k)).plusSeconds(c % 60);
                if (k == 0) {
                    issue[c] = ISSUES[random.nextInt(ISSUES.length)];
                    out.add(msg(c, k, at, issue[c][0]));
                } else if (random.nextDouble() < 0.05) {
                    issue[c] = other(random, issue[c]);
                    out.add(msg(c, k, at, "Also a new issue: " + issue[c][0]));
                } else {
                    out.add(msg(c, k, at, followUp(random, issue[c])));
                }
            }
        }
        return out;
    }

    /** Message k of every customer goes into wave k (for traces with one message per customer per wave). */
    private static List<List<Msg>> waves(List<List<Msg>> perCustomer) {
        List<List<Msg>> waves = new ArrayList<>();
        for (List<Msg> messages : perCustomer) {
            for (int k = 0; k < messages.size(); k++) {
                while (waves.size() <= k) {
                    waves.add(new ArrayList<>());
                }
                waves.get(k).add(messages.get(k));
            }
        }
        return waves;
    }

    static int count(List<List<Msg>> waves) {
        return waves.stream().mapToInt(List::size).sum();
    }

    private static Msg msg(int customer, int k, Instant at, String text) {
        return new Msg(customer, "wamid.c" + customer + ".m" + k, at, text);
    }

    private static String followUp(Random random, String[] issue) {
        return random.nextBoolean() ? NUDGES[random.nextInt(NUDGES.length)]
                : String.format(DETAILS[random.nextInt(DETAILS.length)], issue[1]);
    }

    private static String[] other(Random random, String[] current) {
        String[] next;
        do {
            next = ISSUES[random.nextInt(ISSUES.length)];
        } while (next == current);
        return next;
    }
}
