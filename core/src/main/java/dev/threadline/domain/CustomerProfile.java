package dev.threadline.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the session knows of the customer beyond its key.
 *
 * @param aliases the customer's other identities (a phone number, a BSUID, a new number) that lead to
 *     this session: each has an alias record, written in the same transaction as the session
 * @param username the customer's WhatsApp username, or {@code null}
 * @param openedDay the day (UTC, {@code yyyy-mm-dd}) {@code openedThatDay} counts, or {@code null}
 * @param openedThatDay tickets the customer's messages opened, or would have opened past the budget,
 *     on {@code openedDay}
 * @param rateFrom the start of the customer's current one-minute message window (Meta's time), or {@code null}
 * @param rateCount the customer's messages in that window
 */
public record CustomerProfile(List<String> aliases, String username, String openedDay, int openedThatDay, Instant rateFrom,
                      int rateCount) {
    public static final CustomerProfile NONE = new CustomerProfile(List.of(), null, null, 0, null, 0);
    /** Identities one customer may collect; a number change adds two (the number and its BSUID). */
    public static final int MAX_ALIASES = 10;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    public CustomerProfile {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** The profile knowing {@code identities} too (the newest kept when the bound is reached). */
    public CustomerProfile withAliases(Collection<String> identities) {
        List<String> all = new ArrayList<>(aliases);
        identities.stream().filter(id -> !all.contains(id)).forEach(all::add);
        return new CustomerProfile(all.subList(Math.max(0, all.size() - MAX_ALIASES), all.size()), username, openedDay,
                openedThatDay, rateFrom, rateCount);
    }

    public CustomerProfile withUsername(String name) {
        return name == null ? this : new CustomerProfile(aliases, name, openedDay, openedThatDay, rateFrom, rateCount);
    }

    /** Tickets opened (or refused by the budget) on the day of {@code at}, UTC. */
    public int openedOn(Instant at) {
        return day(at).equals(openedDay) ? openedThatDay : 0;
    }

    /** One more ticket opened (or refused by the budget) on the day of {@code at}. */
    public CustomerProfile openedOneOn(Instant at) {
        return new CustomerProfile(aliases, username, day(at), openedOn(at) + 1, rateFrom, rateCount);
    }

    /** The customer's messages already counted in the minute before {@code at}. */
    public int sentInMinuteBefore(Instant at) {
        return rateFrom != null && !at.isAfter(rateFrom.plus(MINUTE)) && !at.isBefore(rateFrom) ? rateCount : 0;
    }

    /** The profile counting messages sent at {@code times}, in one-minute windows. */
    public CustomerProfile sent(List<Instant> times) {
        Instant from = rateFrom;
        int count = rateCount;
        for (Instant at : times) {
            if (from == null || at.isAfter(from.plus(MINUTE)) || at.isBefore(from)) {
                from = at;
                count = 0;
            }
            count++;
        }
        return new CustomerProfile(aliases, username, openedDay, openedThatDay, from, count);
    }

    private static String day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
