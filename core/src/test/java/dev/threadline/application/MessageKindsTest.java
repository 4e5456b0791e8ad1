package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.whatsapp.BusinessNumbers;
import dev.threadline.adapter.whatsapp.WebhookParser;
import dev.threadline.application.port.Notice;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Session;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.InMemorySessionStore;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each WhatsApp message type, in Meta's published shapes (events/whatsapp-messages), becomes what an
 * agent would want: reactions, stickers and messages WhatsApp does not pass on never open a ticket; on
 * an open ticket they are a note (or, a sticker, a post); a number change moves the session; floods are
 * held back without losing a message.
 */
class MessageKindsTest {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final ScriptedAi ai = new ScriptedAi();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final WebhookParser parser = new WebhookParser(new ObjectMapper(), new BusinessNumbers("109876543210987"));

    private ThreadMessages threading(FloodLimits flood) {
        TicketPolicy policy = new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2), 20, false, flood);
        return new ThreadMessages(sessions, helpdesk, ai, ai, notifier, metrics, policy, clock);
    }

    private final ThreadMessages threading = threading(FloodLimits.DEFAULT);

    /** The one message of an events/whatsapp-messages payload, sent at {@code at}. */
    private InboundMessage event(String name, Instant at) {
        try {
            String body = Files.readString(Path.of("..", "events", "whatsapp-messages", name + ".json"))
                    .replace("\"1795266000\"", "\"" + at.getEpochSecond() + "\"");
            return parser.parse(body.getBytes(StandardCharsets.UTF_8)).messages().get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InboundMessage text(String id, Instant at, String body) {
        return new InboundMessage(id, JANA, JANA.user(), null, null, "Jana", at, "text", new Content.Said(body), null, "{}");
    }

    private String openTicket() {
        threading.handle(List.of(text("wamid.open", T0, "the printer is jammed")));
        return helpdesk.tickets().get(0).id();
    }

    @Test
    void aReactionAStickerOrAnUnshownMessageNeverOpensATicket() {
        for (String name : List.of("reaction", "reaction-removed", "sticker", "unsupported", "unknown", "system-other")) {
            Outcome outcome = threading.handle(List.of(event(name, T0)));
            assertThat(outcome).as(name).isInstanceOf(Outcome.Skipped.class);
        }
        assertThat(helpdesk.tickets()).isEmpty();
        assertThat(sessions.appliedMessages()).hasSize(6); // recorded, so Meta's redeliveries are dropped
        assertThat(metrics.total("UnshownMessages")).isEqualTo(3);
        assertThat(threading.handle(List.of(event("reaction", T0)))).isInstanceOf(Outcome.AlreadyApplied.class);
    }

    @Test
    void onAnOpenTicketAReactionIsANoteARemovalNothingAndAStickerAPost() {
        String ticket = openTicket();
        threading.handle(List.of(event("reaction", T0.plusSeconds(60))));
        threading.handle(List.of(event("reaction-removed", T0.plusSeconds(70))));
        threading.handle(List.of(event("sticker", T0.plusSeconds(80))));
        threading.handle(List.of(event("unsupported", T0.plusSeconds(90))));

        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(helpdesk.notes(ticket)).hasSize(2);
        assertThat(helpdesk.notes(ticket).get(0)).startsWith("Customer reacted \uD83D\uDC4D to a message (ref ");
        assertThat(helpdesk.notes(ticket).get(1)).contains("unsupported/poll_creation");
        assertThat(helpdesk.ticket(ticket).posts()).singleElement()
                .satisfies(p -> assertThat(p.transcript().lines().get(0).text()).isEqualTo("[sticker]"));
        assertThat(ai.judgeCalls()).isZero(); // none of them was judged
    }

    @Test
    void aNoteInterruptedByACrashIsAddedOnceWhenTheMessageComesBack() {
        String ticket = openTicket();
        helpdesk.afterNote(id -> {
            throw new dev.threadline.fakes.SimulatedCrash("after the note, before the session completed");
        });
        try {
            threading.handle(List.of(event("reaction", T0.plusSeconds(60))));
        } catch (dev.threadline.fakes.SimulatedCrash expected) {
            // the Lambda died here
        }
        helpdesk.afterNote(null);
        clock.advance(Duration.ofMinutes(5)); // past the claim's lease
        threading.handle(List.of(event("reaction", T0.plusSeconds(60))));

        assertThat(helpdesk.notes(ticket)).hasSize(1);
    }

    @Test
    void aLocationAndContactsKeepWhatAnAgentNeeds() {
        threading.handle(List.of(event("location", T0)));
        threading.handle(List.of(event("contacts", T0.plusSeconds(30))));

        String opening = helpdesk.tickets().get(0).request().transcript().lines().get(0).text();
        assertThat(opening).contains("Packstation 112", "Alexanderplatz 1", "52.520008", "13.404954", "openstreetmap.org");
        assertThat(helpdesk.tickets().get(0).posts().get(0).transcript().lines().get(0).text())
                .contains("Tom Berger: +49 170 1234567");
    }

    @Test
    void aMessageWithoutWordsOfItsOwnNeverStartsANewIssueDuringAnEpisode() {
        String ticket = openTicket();
        // The scripted judge says NEW for anything containing "new issue", here a contact card's name.
        Content card = new Content.Contacts(List.of(new Content.Contacts.Card("New Issue Desk", List.of("+49 30 1234"))));
        threading.handle(List.of(new InboundMessage("wamid.card", JANA, JANA.user(), null, null, "Jana", T0.plusSeconds(60),
                "contacts", card, null, "{}")));

        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(helpdesk.ticket(ticket).posts()).hasSize(1);
        assertThat(sessions.decisions(JANA).get(1).decision().reason()).isEqualTo("no-words-of-its-own");
    }

    @Test
    void aNumberChangeMovesTheSessionAndIsNotedOnTheOpenTicket() {
        String ticket = openTicket();
        threading.handle(List.of(event("system-user-changed-number", T0.plusSeconds(60))));
        threading.handle(List.of(event("text-from-new-number", T0.plusSeconds(120))));

        Session session = sessions.load(JANA);
        assertThat(session.phone()).isEqualTo("4915199999999"); // replies go to the new number
        assertThat(session.profile().aliases()).contains("4915199999999");
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("changed their WhatsApp number");
        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(helpdesk.ticket(ticket).posts()).hasSize(1); // the new number's message, on the same ticket
    }

    @Test
    void theUsernameIsStoredAndShownOnTheTicket() {
        threading.handle(List.of(event("text-with-bsuid", T0)));

        assertThat(helpdesk.tickets().get(0).request().customerName()).isEqualTo("Jana Kowalski (@jana.k)");
        CustomerKey bsuid = new CustomerKey(JANA.phoneNumberId(), "DE.7734129058812346601");
        assertThat(sessions.load(bsuid).profile().username()).isEqualTo("jana.k");
        assertThat(sessions.load(bsuid).profile().aliases()).containsExactly(JANA.user());
    }

    @Test
    void pastTheDailyBudgetANewIssueGoesToTheOpenTicketFlaggedWithOneNotice() {
        ThreadMessages limited = threading(new FloodLimits(2, 100));
        limited.handle(List.of(text("wamid.1", T0, "the printer is jammed")));
        limited.handle(List.of(text("wamid.2", T0.plusSeconds(600), "new issue: VPN is down")));
        limited.handle(List.of(text("wamid.3", T0.plusSeconds(1200), "new issue: my mouse is broken")));
        limited.handle(List.of(text("wamid.4", T0.plusSeconds(1800), "new issue: the screen flickers")));
        // The next day the budget starts again.
        limited.handle(List.of(text("wamid.5", T0.plus(Duration.ofHours(15)), "new issue: no sound")));

        assertThat(helpdesk.tickets()).hasSize(3);
        assertThat(helpdesk.tickets().get(1).posts()).hasSize(2)
                .allSatisfy(p -> assertThat(p.flagged()).isTrue());
        assertThat(notifier.of(Notice.Kind.FLOOD)).singleElement()
                .isEqualTo(new Notice.TicketBudgetReached(new Notice.Ticket(helpdesk.tickets().get(1).id(),
                        helpdesk.linkTo(helpdesk.tickets().get(1).id())), 2));
        assertThat(metrics.total("TicketBudgetReached")).isEqualTo(2);
    }

    @Test
    void pastTheMessageRateAFloodIsMergedIntoItsTicketNotDropped() {
        ThreadMessages limited = threading(new FloodLimits(100, 3));
        limited.handle(List.of(text("wamid.1", T0, "new issue: printer")));
        // A script: one "new issue" per second, in two batches.
        limited.handle(List.of(text("wamid.2", T0.plusSeconds(1), "new issue: a"), text("wamid.3", T0.plusSeconds(2), "new issue: b"),
                text("wamid.4", T0.plusSeconds(3), "new issue: c")));
        limited.handle(List.of(text("wamid.5", T0.plusSeconds(4), "new issue: d"), text("wamid.6", T0.plusSeconds(5), "new issue: e")));

        // The first three in the minute are judged (three tickets); every later one joins the third.
        assertThat(helpdesk.tickets()).hasSize(3);
        assertThat(helpdesk.tickets().get(2).request().transcript().lines()).extracting(l -> l.messageId())
                .containsExactly("wamid.3", "wamid.4");
        assertThat(helpdesk.tickets().get(2).posts()).flatExtracting(p -> p.transcript().lines())
                .extracting(l -> l.messageId()).containsExactly("wamid.5", "wamid.6");
        assertThat(metrics.total("RateCapMerged")).isEqualTo(3);
        assertThat(sessions.appliedMessages()).hasSize(6);
    }
}
