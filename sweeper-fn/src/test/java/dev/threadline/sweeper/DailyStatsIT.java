package dev.threadline.sweeper;

import dev.threadline.application.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.FollowHelpdesk;
import dev.threadline.application.ReplyPolicy;
import dev.threadline.application.SweepIdleSessions;
import dev.threadline.application.ThreadMessages;
import dev.threadline.application.TicketPolicy;
import dev.threadline.application.port.DailyStats;
import dev.threadline.application.port.Outbox;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.ReplyCallback;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.FaultProxy;
import dev.threadline.embedded.Provisioner;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import dev.threadline.fakes.ScriptedMessenger;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daily counters on DynamoDB Local: written with the decision audit and the ticket record, summed
 * per day by query (never a scan), exact under concurrent writers; the time to each ticket's first agent
 * reply; and the sweeper's open-sessions gauge.
 */
@ExtendWith(AwsBackend.class)
class DailyStatsIT {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    private final AwsEndpoints aws;
    private final MutableClock clock = new MutableClock(NOW);
    private final ScriptedAi ai = new ScriptedAi();
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private FaultProxy dynamoProxy;
    private ApplicationContext context;
    private DailyStats stats;
    private ThreadMessages threading;

    DailyStatsIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        Provisioner.Resources resources = Provisioner.provision(aws, "st-" + UUID.randomUUID().toString().substring(0, 8));
        dynamoProxy = FaultProxy.inFrontOf(aws.dynamoDb());
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties());
        properties.put("aws.services.dynamodb.endpoint-override", dynamoProxy.endpoint().toString());
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        // The counters are written by ticket-fn's writes (the outbox's too) and read by the sweeper: the whole system.
        properties.put("threadline.function", "local");
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        stats = context.getBean(DailyStats.class);
        threading = new ThreadMessages(context.getBean(SessionStore.class), helpdesk, ai, ai, new RecordingNotifier(),
                new RecordingMetrics(), policy(), clock);
    }

    @AfterEach
    void stop() {
        context.close();
        dynamoProxy.close();
    }

    @Test
    void eachDecisionAndTicket_isCountedOnItsDay_byKindStageAndTriage() {
        CustomerKey jana = customer(1);
        CustomerKey omar = customer(2);
        handle(jana, "wamid.J1", "Can't SSH to the build server");           // FIRST by rule, ticket 1
        handle(jana, "wamid.J2", "still down");                              // SAME by the (scripted) LLM
        handle(jana, "wamid.J3", "Also a new issue: the printer is jammed"); // NEW by the LLM, ticket 2
        ai.confidence(0.2);
        handle(omar, "wamid.O1", "Outlook asks for my password");           // FIRST, ticket 3, needs triage
        ai.judgeDown(true);
        handle(omar, "wamid.O2", "tried restarting");                        // SAME by fallback
        clock.advance(Duration.ofHours(23)); // the next UTC day, still within Omar's session
        ai.judgeDown(false);
        handle(omar, "wamid.O3", "works now, thanks");                       // tomorrow: SAME by the LLM

        List<DailyStats.Day> days = stats.days(TODAY.minusDays(1), TODAY.plusDays(1));

        assertThat(days).extracting(DailyStats.Day::date).containsExactly(TODAY.minusDays(1), TODAY, TODAY.plusDays(1));
        assertThat(days.get(0).counts()).isEmpty();
        assertThat(days.get(1).counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "tickets_opened", 3L, "tickets_needing_triage", 1L, "messages_applied", 5L,
                "decision_FIRST", 2L, "decision_SAME", 2L, "decision_NEW", 1L,
                "stage_RULE", 2L, "stage_LLM", 2L, "stage_FALLBACK", 1L));
        assertThat(days.get(2).counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "messages_applied", 1L, "decision_SAME", 1L, "stage_LLM", 1L));
        assertThat(dynamoProxy.calls("Scan")).isZero();
    }

    @Test
    void concurrentCustomers_countExactly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> turns = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int n = i;
            turns.add(pool.submit(() -> handle(customer(100 + n), "wamid.C" + n, "printer jammed")));
        }
        for (Future<?> turn : turns) {
            turn.get();
        }
        pool.shutdown();

        DailyStats.Day today = stats.days(TODAY, TODAY).get(0);
        assertThat(today.get(DailyStats.TICKETS_OPENED)).isEqualTo(120);
        assertThat(today.get("decision_FIRST")).isEqualTo(120);
        assertThat(today.get(DailyStats.MESSAGES_APPLIED)).isEqualTo(120);
    }

    @Test
    void theSweeperPublishesTheOpenSessions_countedOnTheSweepIndex() {
        handle(customer(1), "wamid.A", "printer jammed");
        handle(customer(2), "wamid.B", "VPN down");
        clock.advance(Duration.ofHours(23));
        handle(customer(3), "wamid.C", "laptop battery");
        clock.advance(Duration.ofHours(2)); // customers 1 and 2 are idle past the timeout, 3 is not
        SweepIdleSessions sweeper = new SweepIdleSessions(context.getBean(SessionStore.class), stats, policy(), metrics,
                clock, 500);

        assertThat(stats.openSessions()).isEqualTo(3);
        SweepIdleSessions.Result result = sweeper.sweep();

        assertThat(result.closed()).isEqualTo(2);
        assertThat(result.openSessions()).isEqualTo(1);
        assertThat(metrics.total("OpenSessions")).isEqualTo(1);
        assertThat(dynamoProxy.calls("Scan")).isZero();
    }

    @Test
    void aTicketsFirstAgentReply_isTimedOnce_fromTheOpeningMessage_inTheWriteThatMarksItSent() {
        ScriptedMessenger whatsapp = new ScriptedMessenger();
        FollowHelpdesk follow = new FollowHelpdesk(context.getBean(SessionStore.class), context.getBean(Outbox.class),
                whatsapp, helpdesk, new RecordingNotifier(), metrics, new ReplyPolicy(ReplyPolicy.DEFAULT_MARKER), policy(), clock);
        CustomerKey jana = customer(1);
        CustomerKey omar = customer(2);
        String janasTicket = ((Outcome.Opened) handle(jana, "wamid.J1", "Can't SSH to the build server")).ticketId();
        clock.advance(Duration.ofMinutes(3));
        String omarsTicket = ((Outcome.Opened) handle(omar, "wamid.O1", "Outlook asks for my password")).ticketId();

        clock.advance(Duration.ofMinutes(1)); // Jana's ticket is 4 minutes old
        follow.apply(comment("c1", janasTicket, jana, "reply: Please restart the VPN client."));
        clock.advance(Duration.ofMinutes(2));
        follow.apply(comment("c2", janasTicket, jana, "reply: Did that help?")); // a second reply: not a first one
        follow.apply(comment("c1", janasTicket, jana, "reply: Please restart the VPN client.")); // Frappe retries
        OutboundReply first = context.getBean(Outbox.class).find(jana, ReplyCallback.parse(
                whatsapp.texts().get(0).callbackData()).replyKey());
        follow.apply(new DeliveryReport(jana, jana.phoneNumberId(), first.wamid(),
                new ReplyCallback(janasTicket, first.key(), false), "delivered", clock.instant(), null, null));
        clock.advance(Duration.ofMinutes(40)); // Omar's ticket is 43 minutes old
        follow.apply(comment("c3", omarsTicket, omar, "reply: Your password was reset."));

        assertThat(whatsapp.texts()).hasSize(3);
        DailyStats.Day today = stats.days(TODAY, TODAY).get(0);
        assertThat(today.get(DailyStats.FIRST_REPLIES)).as("one first reply per ticket").isEqualTo(2);
        assertThat(today.get(DailyStats.FIRST_REPLY_SECONDS)).isEqualTo(4 * 60 + 43 * 60);
        assertThat(today.get("first_reply_within_5m")).isEqualTo(1);
        assertThat(today.get("first_reply_within_60m")).isEqualTo(1);
        DailyStats.FirstReplyTimes times = DailyStats.FirstReplyTimes.of(List.of(today));
        assertThat(times).isEqualTo(new DailyStats.FirstReplyTimes(2, (4 * 60 + 43 * 60) / 2, 5, 60));
        assertThat(dynamoProxy.calls("Scan")).isZero();
    }

    @Test
    void theFirstReplyPercentiles_areTheHistogramBoundsTheyFallUnder() {
        DailyStats.Day day = new DailyStats.Day(TODAY, Map.of(DailyStats.FIRST_REPLIES, 10L, DailyStats.FIRST_REPLY_SECONDS,
                6000L, "first_reply_within_1m", 4L, "first_reply_within_10m", 1L, "first_reply_within_30m", 4L,
                DailyStats.FIRST_REPLY_OVER, 1L));

        assertThat(DailyStats.FirstReplyTimes.of(List.of(day))).isEqualTo(new DailyStats.FirstReplyTimes(10, 600, 10, 30));
        assertThat(DailyStats.FirstReplyTimes.of(List.of(new DailyStats.Day(TODAY, Map.of(DailyStats.FIRST_REPLIES, 1L,
                DailyStats.FIRST_REPLY_OVER, 1L, DailyStats.FIRST_REPLY_SECONDS, 200_000L)))))
                .as("beyond the last bound: no bound to name").isEqualTo(new DailyStats.FirstReplyTimes(1, 200_000, null, null));
        assertThat(DailyStats.FirstReplyTimes.of(List.of(new DailyStats.Day(TODAY, Map.of()))))
                .isEqualTo(new DailyStats.FirstReplyTimes(0, 0, null, null));
    }

    private static HelpdeskEvent comment(String name, String ticket, CustomerKey customer, String html) {
        return new HelpdeskEvent("Comment", name, "2026-11-21 12:00:00.000000", ticket, customer, HelpdeskEvent.Kind.COMMENT,
                null, html);
    }

    private Outcome handle(CustomerKey customer, String id, String text) {
        return threading.handle(List.of(new InboundMessage(id, customer, customer.user(), null, null, "Customer", clock.instant(),
                "text", new Content.Said(text), null, "{}")));
    }

    private static TicketPolicy policy() {
        return new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2));
    }

    private static CustomerKey customer(int i) {
        return new CustomerKey("109876543210987", "49152" + String.format("%08d", i));
    }
}
