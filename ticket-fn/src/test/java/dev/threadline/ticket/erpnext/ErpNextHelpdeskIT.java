package dev.threadline.ticket.erpnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.threadline.adapter.erpnext.ErpNextHelpdesk;
import dev.threadline.adapter.erpnext.ErpNextRejection;
import dev.threadline.adapter.erpnext.ErpNextSetup;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Helpdesk.NewTicket;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.Helpdesk.TicketPost;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Priority;
import dev.threadline.domain.TicketStatus;
import dev.threadline.domain.Transcript;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.fakes.MutableClock;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link ErpNextHelpdesk} as Micronaut wires it, against the ERPNext fake. */
class ErpNextHelpdeskIT {

    private static final CustomerKey CUSTOMER = new CustomerKey("109876543210", "31612345678");
    private static final String ISSUE_PATH = "/api/resource/Issue";
    private static final String GETDOCTYPE = "/api/method/frappe.desk.form.load.getdoctype";

    private ErpNextFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Helpdesk helpdesk(ErpNextFixture f) {
        fixture = f;
        Helpdesk helpdesk = f.bean(Helpdesk.class);
        assertThat(helpdesk).isInstanceOf(ErpNextHelpdesk.class);
        return helpdesk;
    }

    private static final Instant AT = Instant.parse("2025-05-01T10:00:00Z");

    private static Transcript says(String text) {
        return new Transcript(List.of(new Transcript.Line("wamid.A", AT, text)));
    }

    private static NewTicket ticket(String key, Priority priority, String issueType) {
        return new NewTicket("Printer on fire", null, says("It smokes & beeps"), priority, issueType, CUSTOMER,
                "31612345678", key, true);
    }

    private static TicketPost post(String key) {
        return new TicketPost(key, says("still smoking <again>"), false, "31612345678");
    }

    // --- openTicket --------------------------------------------------------------------------------

    @Test
    void opensAnIssue_withTheMappedPriority_theMatchingIssueType_andTheCustomFields_butNoRaisedBy() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.start(ErpNextOptions.defaults().withThreadlineFields()
                .withIssueTypes("Billing", "Hardware")));

        String id = helpdesk.openTicket(ticket("k-1", Priority.CRITICAL, "hardware")).id();

        Map<String, Object> issue = fixture.fake.issue(id).orElseThrow();
        assertThat(issue).containsEntry("subject", "Printer on fire")
                .containsEntry("description", "<p><b>WhatsApp conversation</b></p><p><b>2025-05-01 10:00:00 UTC</b>"
                        + " <small>wamid.A</small><br>It smokes &amp; beeps</p>")
                .containsEntry("priority", "High")
                .containsEntry("issue_type", "Hardware")
                .containsEntry("custom_idempotency_key", "k-1")
                .containsEntry("custom_customer_key", CUSTOMER.value())
                .containsEntry("custom_whatsapp_number", "31612345678")
                .containsEntry("custom_needs_triage", 1)
                .containsEntry("raised_by", fixture.fake.options().user());
        assertThat(helpdesk.linkTo(id)).isEqualTo(fixture.fake.baseUrl() + "/app/issue/" + id);
    }

    @Test
    void aPriorityOrIssueTypeTheSiteLacks_isLeftOut_ratherThanFailingTheTicket() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.start(ErpNextOptions.defaults().withThreadlineFields()
                .withPriorities("Low", "Medium")));

        String id = helpdesk.openTicket(ticket("k-1", Priority.URGENT, "Billing")).id();

        assertThat(fixture.fake.issue(id).orElseThrow()).doesNotContainKeys("priority", "issue_type");
        assertThat(fixture.fake.requestCount("GET", "/api/resource/Issue Priority")).isEqualTo(1);
        helpdesk.openTicket(ticket("k-2", Priority.LOW, null));
        assertThat(fixture.fake.requestCount("GET", "/api/resource/Issue Priority")).as("cached").isEqualTo(1);
    }

    @Test
    void thePriorityMap_isConfigurable() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.start(ErpNextOptions.defaults().withThreadlineFields()
                .withPriorities("Low", "Medium", "High", "Urgent"), Map.of("threadline.erpnext.priority-map.critical", "Urgent")));

        String id = helpdesk.openTicket(ticket("k-1", Priority.CRITICAL, null)).id();

        assertThat(fixture.fake.issue(id).orElseThrow()).containsEntry("priority", "Urgent");
    }

    @Test
    void openingTwiceWithOneKey_returnsTheFirstIssue_viaTheUniqueKey() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());

        String first = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();
        String second = helpdesk.openTicket(ticket("k-1", Priority.HIGH, null)).id();

        assertThat(second).isEqualTo(first);
        assertThat(fixture.fake.issues()).hasSize(1);
        assertThat(fixture.fake.requestCount("POST", ISSUE_PATH)).isEqualTo(2);
    }

    @Test
    void aCreateThatTimesOutAfterCommitting_isRetried_andResolvesToTheOneIssue() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        fixture.fake.faults().matching("POST", ISSUE_PATH).commitThenTimeoutNext(1, Duration.ofSeconds(10));

        String id = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();

        assertThat(fixture.fake.issues()).singleElement().satisfies(i -> assertThat(i).containsEntry("name", id));
        assertThat(fixture.fake.requestCount("POST", ISSUE_PATH)).isEqualTo(2);
    }

    @Test
    void serverErrors_areRetried_untilTheCreateSucceeds() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        fixture.fake.faults().matching("POST", ISSUE_PATH).failNext(1, 503).failNext(1, 500);

        helpdesk.openTicket(ticket("k-1", Priority.LOW, null));

        assertThat(fixture.fake.faults().injected()).isEqualTo(2);
        assertThat(fixture.fake.issues()).hasSize(1);
    }

    @Test
    void a429_waitsForRetryAfter_thenSucceeds() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        fixture.fake.faults().matching("POST", ISSUE_PATH).rateLimitNext(1, 1);
        long start = System.nanoTime();

        helpdesk.openTicket(ticket("k-1", Priority.LOW, null));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fixture.fake.issues()).hasSize(1);
    }

    @Test
    void a429AskingForMoreThanTheCap_failsTransientlyAtOnce() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        fixture.fake.faults().matching("POST", ISSUE_PATH).rateLimitNext(1, 30);

        assertThatThrownBy(() -> helpdesk.openTicket(ticket("k-1", Priority.LOW, null)))
                .isInstanceOf(TransientHelpdeskException.class).hasMessageContaining("429").hasMessageContaining("PT30S");
        assertThat(fixture.fake.requestCount("POST", ISSUE_PATH)).isEqualTo(1);
    }

    @Test
    void wrongCredentials_arePermanent_withAReadableReason() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.start(ErpNextOptions.defaults().withThreadlineFields(),
                Map.of("threadline.erpnext.api-secret", "wrong-secret")));

        assertThatThrownBy(() -> helpdesk.status("ISS-2025-00001"))
                .isInstanceOf(ErpNextRejection.class)
                .hasMessage("GET /api/resource/Issue/ISS-2025-00001: HTTP 401 AuthenticationError: frappe.exceptions.AuthenticationError");
        assertThat(fixture.fake.requests()).hasSize(1);
    }

    @Test
    void aMissingRole_isPermanent_andNamesThePermission() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.start(ErpNextOptions.defaults().withThreadlineFields()
                .withRoles("Support Team")));
        String id = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();

        assertThatThrownBy(() -> helpdesk.append(id, post("wamid.1")))
                .isInstanceOf(PermanentHelpdeskException.class)
                .hasMessageContaining("HTTP 403 PermissionError")
                .hasMessageContaining("You need the 'create' permission on Communication");
    }

    @Test
    void appendingToAMissingIssue_isA417LinkValidationError_decodedFromServerMessages() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());

        assertThatThrownBy(() -> helpdesk.append("ISS-2099-00001", post("wamid.1")))
                .isInstanceOfSatisfying(ErpNextRejection.class, r -> {
                    assertThat(r.status()).isEqualTo(417);
                    assertThat(r.excType()).isEqualTo("LinkValidationError");
                })
                .hasMessage("POST /api/resource/Communication: HTTP 417 LinkValidationError: Could not find Reference Name: ISS-2099-00001");
    }

    @Test
    void aSiteThatIsNotSetUp_getsNoIssue_butATransientFailureNamingTheFix_checkedAtMostOncePerMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T09:00:00Z"));
        Helpdesk helpdesk = helpdesk(ErpNextFixture.start(ErpNextOptions.defaults(), RecordedMetrics.ON, clock));
        RecordedMetrics metrics = (RecordedMetrics) fixture.bean(Metrics.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.threadline.adapter.erpnext.SiteReadiness");
        logger.addAppender(logs);
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThatThrownBy(() -> helpdesk.openTicket(ticket("k-1", Priority.LOW, null)))
                        .isExactlyInstanceOf(TransientHelpdeskException.class)
                        .hasMessageContaining("Issue has no field custom_idempotency_key")
                        .hasMessageContaining("nothing was created")
                        .hasMessageContaining("./threadline setup-erpnext");
            }
            assertThat(fixture.fake.requestCount("GET", GETDOCTYPE)).as("checked once within the minute").isEqualTo(1);
            assertThat(errors(logs)).singleElement().asString().contains("./threadline setup-erpnext");
            assertThat(metrics.total("ErpNextNotSetUp")).isEqualTo(1);

            clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> helpdesk.openTicket(ticket("k-1", Priority.LOW, null)))
                    .isInstanceOf(TransientHelpdeskException.class);
            assertThat(fixture.fake.requestCount("GET", GETDOCTYPE)).isEqualTo(2);
            assertThat(errors(logs)).hasSize(2);
            assertThat(metrics.total("ErpNextNotSetUp")).isEqualTo(2);
            assertThat(fixture.fake.requestCount("POST", ISSUE_PATH)).isZero();
            assertThat(fixture.fake.issues()).isEmpty();

            assertThat(fixture.bean(ErpNextSetup.class).run(false, List.of(), new PrintStream(OutputStream.nullOutputStream()))
                    .ok()).isTrue();
            clock.advance(Duration.ofMinutes(1));
            String id = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();
            helpdesk.openTicket(ticket("k-2", Priority.LOW, null));

            assertThat(fixture.fake.issue(id).orElseThrow()).containsEntry("custom_idempotency_key", "k-1");
            assertThat(fixture.fake.requestCount("GET", GETDOCTYPE)).as("a ready site is not asked again").isEqualTo(4);
            assertThat(metrics.total("ErpNextNotSetUp")).isEqualTo(2);
        } finally {
            logger.detachAppender(logs);
        }
    }

    private static List<ILoggingEvent> errors(ListAppender<ILoggingEvent> logs) {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    // --- status ------------------------------------------------------------------------------------

    @Test
    void status_followsTheIssue_andIsGoneOnceItIsDeleted() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        String id = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();

        assertThat(helpdesk.status(id)).isEqualTo(TicketStatus.OPEN);
        fixture.fake.setIssueStatus(id, "On Hold");
        assertThat(helpdesk.status(id)).isEqualTo(TicketStatus.ON_HOLD);
        fixture.fake.setIssueStatus(id, "Resolved");
        assertThat(helpdesk.status(id)).isEqualTo(TicketStatus.RESOLVED);
        fixture.fake.setIssueStatus(id, "Closed");
        assertThat(helpdesk.status(id)).isEqualTo(TicketStatus.CLOSED);
        fixture.fake.deleteIssue(id);
        assertThat(helpdesk.status(id)).isEqualTo(TicketStatus.GONE);
    }

    // --- append / hasPost ------------------------------------------------------------------------------

    @Test
    void append_addsAReceivedChatCommunication_thatReopensAResolvedIssue_andHasPostFindsIt() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        String id = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();
        fixture.fake.setIssueStatus(id, "Resolved");
        assertThat(helpdesk.hasPost(id, "wamid.1")).isFalse();

        helpdesk.append(id, post("wamid.1"));

        assertThat(fixture.fake.communications(id)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("message_id", "wamid.1")
                .containsEntry("communication_medium", "Chat")
                .containsEntry("sent_or_received", "Received")
                .containsEntry("communication_type", "Communication")
                .containsEntry("content", "<p><b>2025-05-01 10:00:00 UTC</b> <small>wamid.A</small><br>still smoking &lt;again&gt;</p>")
                .containsEntry("subject", "WhatsApp: still smoking <again>")
                .containsEntry("phone_no", "31612345678")
                .doesNotContainKey("sender"));
        assertThat(helpdesk.status(id)).isEqualTo(TicketStatus.OPEN);
        assertThat(helpdesk.hasPost(id, "wamid.1")).isTrue();
        assertThat(helpdesk.hasPost(id, "wamid.2")).isFalse();
    }

    @Test
    void anAppendThatTimesOutAfterCommitting_isNotRepeated_andIsFoundLater() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        String id = helpdesk.openTicket(ticket("k-1", Priority.LOW, null)).id();
        fixture.fake.faults().matching("POST", "/api/resource/Communication").commitThenTimeoutNext(1, Duration.ofSeconds(10));

        // The outcome is unknown: the adapter does not repeat the write; the caller finishes the turn
        // later, after checking hasPost.
        assertThatThrownBy(() -> helpdesk.append(id, post("wamid.1")))
                .isInstanceOf(Helpdesk.OutcomeUnknownException.class).hasMessageContaining("may still be applied");

        assertThat(fixture.fake.communications(id)).hasSize(1);
        assertThat(fixture.fake.requestCount("POST", "/api/resource/Communication")).isEqualTo(1);
        assertThat(helpdesk.hasPost(id, "wamid.1")).isTrue();
    }

    // --- circuit breaker ---------------------------------------------------------------------------

    @Test
    void afterRepeatedFailures_theCircuitOpens_andCallsFailFastWithoutReachingErpNext() {
        Helpdesk helpdesk = helpdesk(ErpNextFixture.setUpSite());
        fixture.fake.faults().failNext(100, 502);

        assertThatThrownBy(() -> helpdesk.status("ISS-2025-00001"))
                .isInstanceOf(TransientHelpdeskException.class).hasMessageContaining("after 3 attempt(s); last: 502");
        int reached = fixture.fake.requests().size();

        assertThatThrownBy(() -> helpdesk.hasPost("ISS-2025-00001", "wamid.1"))
                .isInstanceOf(TransientHelpdeskException.class).hasMessageContaining("circuit is open");
        assertThat(fixture.fake.requests()).hasSize(reached);
        assertThat(reached).isEqualTo(3);
    }
}
