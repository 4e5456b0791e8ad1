package dev.threadline.emulators.erpnext;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How an {@link ErpNextFake} site is set up.
 *
 * @param user the API key's user (an e-mail address, as Frappe user ids are)
 * @param roles that user's roles; the default holds System Manager, Support Team and Inbox User
 * @param priorities the Issue Priority records (the setup wizard's Low, Medium, High by default)
 * @param issueTypes the Issue Type records (none by default)
 * @param threadlineFields whether the four Threadline Custom Fields exist already ("set up")
 * @param tracebacks System Settings {@code allow_error_traceback}: {@code exception} and {@code exc}
 * @param timeZone the site's system timezone, for {@code creation}/{@code modified} and names
 * @param stall how long {@link Faults#commitThenTimeoutNext(int)} holds a response
 * @param port 0 for a free port
 * @param replyMarker what the page's "Reply to customer" button puts before the agent's text: Threadline
 *                    sends a Comment starting with it to the customer and keeps every other Comment internal
 * @param webhookPause how the webhook sender waits between attempts
 */
public record ErpNextOptions(String apiKey, String apiSecret, String user, Set<String> roles, List<String> priorities,
                             List<String> issueTypes, boolean threadlineFields, FrappeVersion version, boolean tracebacks,
                             Clock clock, ZoneId timeZone, Duration stall, int port, String replyMarker,
                             WebhookPause webhookPause) {

    public ErpNextOptions {
        roles = Set.copyOf(roles);
        priorities = List.copyOf(priorities);
        issueTypes = List.copyOf(issueTypes);
    }

    public static ErpNextOptions defaults() {
        return new ErpNextOptions("threadline-key", "threadline-secret", "threadline@example.com",
                StandardDoctypes.ALL_ROLES, List.of("Low", "Medium", "High"), List.of(), false, FrappeVersion.V15, true,
                Clock.systemUTC(), ZoneOffset.UTC, Duration.ofSeconds(30), 0, "reply:", WebhookPause.REAL);
    }

    public ErpNextOptions withCredentials(String key, String secret) {
        return with(o -> {
            o.apiKey = key;
            o.apiSecret = secret;
        });
    }

    public ErpNextOptions withUser(String value) {
        return with(o -> o.user = value);
    }

    public ErpNextOptions withRoles(String... value) {
        return with(o -> o.roles = Set.of(value));
    }

    public ErpNextOptions withPriorities(String... value) {
        return with(o -> o.priorities = List.of(value));
    }

    public ErpNextOptions withIssueTypes(String... value) {
        return with(o -> o.issueTypes = List.of(value));
    }

    /** A site where {@code setup-erpnext} has run: the four Threadline Custom Fields exist. */
    public ErpNextOptions withThreadlineFields() {
        return with(o -> o.threadlineFields = true);
    }

    public ErpNextOptions withVersion(FrappeVersion value) {
        return with(o -> o.version = value);
    }

    public ErpNextOptions withoutTracebacks() {
        return with(o -> o.tracebacks = false);
    }

    public ErpNextOptions withClock(Clock value, ZoneId zone) {
        return with(o -> {
            o.clock = value;
            o.timeZone = zone;
        });
    }

    public ErpNextOptions withStall(Duration value) {
        return with(o -> o.stall = value);
    }

    public ErpNextOptions withPort(int value) {
        return with(o -> o.port = value);
    }

    public ErpNextOptions withReplyMarker(String value) {
        return with(o -> o.replyMarker = value);
    }

    public ErpNextOptions withWebhookPause(WebhookPause value) {
        return with(o -> o.webhookPause = value);
    }

    private ErpNextOptions with(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new ErpNextOptions(d.apiKey, d.apiSecret, d.user, d.roles, d.priorities, d.issueTypes, d.threadlineFields,
                d.version, d.tracebacks, d.clock, d.timeZone, d.stall, d.port, d.replyMarker, d.webhookPause);
    }

    /** A mutable copy, so that each wither names only what it changes. */
    private static final class Draft {
        String apiKey;
        String apiSecret;
        String user;
        Set<String> roles;
        List<String> priorities;
        List<String> issueTypes;
        boolean threadlineFields;
        FrappeVersion version;
        boolean tracebacks;
        Clock clock;
        ZoneId timeZone;
        Duration stall;
        int port;
        String replyMarker;
        WebhookPause webhookPause;

        Draft(ErpNextOptions o) {
            apiKey = o.apiKey;
            apiSecret = o.apiSecret;
            user = o.user;
            roles = o.roles;
            priorities = o.priorities;
            issueTypes = o.issueTypes;
            threadlineFields = o.threadlineFields;
            version = o.version;
            tracebacks = o.tracebacks;
            clock = o.clock;
            timeZone = o.timeZone;
            stall = o.stall;
            port = o.port;
            replyMarker = o.replyMarker;
            webhookPause = o.webhookPause;
        }
    }
}
