package dev.threadline.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.threadline.application.SweepIdleSessions;
import dev.threadline.application.ThreadMessages;
import dev.threadline.application.TicketPolicy;
import dev.threadline.application.port.DailyStats;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Session;
import dev.threadline.domain.SessionStatus;
import dev.threadline.domain.TicketRecord;
import dev.threadline.domain.TicketStatus;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.FaultProxy;
import dev.threadline.embedded.Provisioner;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

/** sweeper-fn through its Lambda handler on DynamoDB Local, with time under test control. */
@ExtendWith(AwsBackend.class)
class SweeperIT {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final AwsEndpoints aws;

    private final MutableClock clock = new MutableClock(NOW);
    private FaultProxy dynamoProxy;
    private ApplicationContext context;
    private SessionStore store;

    SweeperIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        Provisioner.Resources resources = Provisioner.provision(aws, "sw-" + UUID.randomUUID().toString().substring(0, 8));
        dynamoProxy = FaultProxy.inFrontOf(aws.dynamoDb());
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties());
        properties.put("aws.services.dynamodb.endpoint-override", dynamoProxy.endpoint().toString());
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        properties.put("threadline.sweep-max-sessions", 500);
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        store = context.getBean(SessionStore.class);
    }

    @AfterEach
    void stop() {
        context.close();
        dynamoProxy.close();
    }

    private SweepIdleSessions.Result sweep() {
        return new SweeperHandler(context).handleRequest(new ScheduledEvent(), null);
    }

    private static CustomerKey customer(int i) {
        return new CustomerKey("109876543210987", "49151" + String.format("%08d", i));
    }

    private void active(CustomerKey customer, Instant lastActivity, String ticket) {
        Session session = Session.fresh(customer).afterApplying("4915100000000", ticket, lastActivity.minusSeconds(60),
                "summary", lastActivity, TicketStatus.OPEN, List.of("wamid." + customer.user()), List.of("printer jammed"));
        store.complete(Session.fresh(customer), session, new TicketRecord(ticket, "wamid." + customer.user(),
                lastActivity.minusSeconds(60), null), null, null, List.of());
    }

    @Test
    void closesExactlyTheIdleSessions_andLeavesFreshOnesAlone() {
        active(customer(1), NOW.minus(Duration.ofHours(25)), "ISS-1");
        active(customer(2), NOW.minus(Duration.ofHours(23)), "ISS-2");
        active(customer(3), NOW.minus(Duration.ofDays(3)), "ISS-3");

        SweepIdleSessions.Result result = sweep();

        assertThat(result.closed()).isEqualTo(2);
        assertThat(store.load(customer(1)).status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(store.load(customer(2)).status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(store.load(customer(3)).status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(store.tickets(customer(1))).singleElement().satisfies(t -> assertThat(t.closedAt()).isEqualTo(NOW));
        assertThat(store.tickets(customer(2))).singleElement().satisfies(t -> assertThat(t.closedAt()).isNull());
        assertThat(sweep().closed()).as("a second run finds nothing").isZero();
        assertThat(dynamoProxy.calls("Scan")).isZero();
    }

    @Test
    void sweeps5000SessionsInBoundedRuns_byQueryNeverScan() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int n = i;
            writes.add(pool.submit(() -> active(customer(n), NOW.minus(Duration.ofHours(25 + n % 48)), "ISS-" + n)));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        pool.shutdown();

        List<Integer> closedPerRun = new ArrayList<>();
        for (int run = 0; run < 11; run++) {
            closedPerRun.add(sweep().closed());
        }

        assertThat(closedPerRun.subList(0, 10)).containsOnly(500);
        assertThat(closedPerRun.get(10)).isZero();
        assertThat(dynamoProxy.calls("Scan")).isZero();
        assertThat(dynamoProxy.calls("Query")).isPositive();
    }

    // --- a message racing the sweeper ----------------------------------------------------------

    private ThreadMessages threading(SessionStore sessions, InMemoryHelpdesk helpdesk) {
        return new ThreadMessages(sessions, helpdesk, new ScriptedAi(), new ScriptedAi(), new RecordingNotifier(),
                new RecordingMetrics(), new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2)), clock);
    }

    private static InboundMessage message(CustomerKey customer, String id, Instant at) {
        return new InboundMessage(id, customer, "4915100000001", null, null, "Jana", at, "text", new Content.Said("still broken"), null,
                "{}");
    }

    @Test
    void whenTheSweeperClosesFirst_theRacingMessageOpensANewTicket() {
        InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
        ThreadMessages threading = threading(store, helpdesk);
        CustomerKey jana = customer(7);
        Instant start = NOW.minus(Duration.ofHours(24)).minusSeconds(30);
        threading.handle(List.of(message(jana, "wamid.A", start)));
        // The next message was sent within the timeout (by Meta's clock), but the sweeper, on wall-clock
        // time, closes the session between the message's read and its claim.
        SessionStore sweepingFirst = new RacingStore(store, () -> assertThat(sweep().closed()).isEqualTo(1));

        threading(sweepingFirst, helpdesk).handle(List.of(message(jana, "wamid.B", start.plus(Duration.ofHours(23)))));

        assertThat(helpdesk.tickets()).hasSize(2);
        assertThat(helpdesk.tickets().get(0).posts()).isEmpty();
        Session session = store.load(jana);
        assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(session.openTicketId()).isEqualTo(helpdesk.tickets().get(1).id());
        assertThat(session.hasApplied("wamid.B")).isTrue();
    }

    @Test
    void whenTheMessageClaimsFirst_theSweeperLeavesTheSessionOnItsTicket() {
        InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
        ThreadMessages threading = threading(store, helpdesk);
        CustomerKey jana = customer(8);
        Instant start = NOW.minus(Duration.ofHours(24)).minusSeconds(30);
        threading.handle(List.of(message(jana, "wamid.A", start)));
        // The sweeper reads the idle session, then the message is applied before the sweeper's close.
        SessionStore messageFirst = new RacingStore(store, null) {
            @Override
            public void close(Session current, Instant closedAt) {
                threading.handle(List.of(message(jana, "wamid.B", start.plus(Duration.ofHours(23)))));
                super.close(current, closedAt);
            }
        };
        SweepIdleSessions sweeper = new SweepIdleSessions(messageFirst, context.getBean(DailyStats.class), context.getBean(TicketPolicy.class),
                new RecordingMetrics(), clock, 500);

        SweepIdleSessions.Result result = sweeper.sweep();

        assertThat(result.closed()).isZero();
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(helpdesk.tickets().get(0).posts()).extracting(p -> p.key())
                .containsExactly("wa:" + new dev.threadline.domain.MessageRef(jana.phoneNumberId(), "wamid.B").digest());
        assertThat(store.load(jana).status()).isEqualTo(SessionStatus.ACTIVE);
    }

    /** Delegates to the real store, running {@code beforeClaim} just before a claim. */
    private static class RacingStore implements SessionStore {
        private final SessionStore delegate;
        private Runnable beforeClaim;

        RacingStore(SessionStore delegate, Runnable beforeClaim) {
            this.delegate = delegate;
            this.beforeClaim = beforeClaim;
        }

        @Override public Session load(CustomerKey customer) { return delegate.load(customer); }

        @Override public Session load(List<CustomerKey> identities) { return delegate.load(identities); }

        @Override
        public void claim(Session current, Session next, dev.threadline.domain.DecisionRecord decision) {
            if (beforeClaim != null) {
                Runnable once = beforeClaim;
                beforeClaim = null;
                once.run();
            }
            delegate.claim(current, next, decision);
        }

        @Override
        public void complete(Session current, Session next, TicketRecord opened, TicketRecord closedTicket, Instant closedAt,
                             List<dev.threadline.domain.MessageRef> applied) {
            delegate.complete(current, next, opened, closedTicket, closedAt, applied);
        }

        @Override public void replace(Session current, Session next) { delegate.replace(current, next); }
        @Override public void close(Session current, Instant closedAt) { delegate.close(current, closedAt); }
        @Override public List<CustomerKey> idleActiveSessions(Instant cutoff, int max) { return delegate.idleActiveSessions(cutoff, max); }
        @Override public List<TicketRecord> tickets(CustomerKey customer) { return delegate.tickets(customer); }
        @Override public List<dev.threadline.domain.DecisionRecord> decisions(CustomerKey customer) { return delegate.decisions(customer); }
    }

}
