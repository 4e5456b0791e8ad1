package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.MessageLedger;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.config.Functions;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.Session;
import dev.threadline.domain.SessionStatus;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ticket-fn's use case for WhatsApp's report that a message to a customer failed, a message Threadline
 * did not send (docs/contracts/whatsapp.md §2.6): one internal note on the customer's open ticket, so
 * the agent knows the customer may not have got something; with no open ticket, a metric only.
 *
 * <p>The job is marked applied in the ledger after the note, so Meta's redeliveries are dropped by intake.
 * A crash between the two repeats the note once; a second note beats a lost one.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class NoteCustomerError {

    private static final Logger LOG = LoggerFactory.getLogger(NoteCustomerError.class);

    private final SessionStore sessions;
    private final Helpdesk helpdesk;
    private final MessageLedger ledger;
    private final Metrics metrics;

    public NoteCustomerError(SessionStore sessions, Helpdesk helpdesk, MessageLedger ledger, Metrics metrics) {
        this.sessions = sessions;
        this.helpdesk = new MeasuredHelpdesk(helpdesk, metrics);
        this.ledger = ledger;
        this.metrics = metrics;
    }

    public void apply(CustomerError error) {
        Session session = sessions.load(error.customer());
        boolean open = session.status() == SessionStatus.ACTIVE && session.openTicketId() != null;
        if (open) {
            helpdesk.addNote(session.openTicketId(),
                    "WhatsApp reported an error on a message to this customer: " + error.describe());
        }
        ledger.markApplied(error.ref());
        metrics.counts(Map.of(open ? "CustomerErrorsNoted" : "CustomerErrorsWithoutTicket", 1L));
        LOG.info("customer error applied", kv("code", error.code()), kv("noted", open),
                kv("customer", error.customer().fingerprint()));
    }
}
