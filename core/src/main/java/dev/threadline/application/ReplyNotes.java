package dev.threadline.application;

import dev.threadline.domain.OutboundReply;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The ticket's internal note about an agent's reply: where it is, in words an agent acts on. */
final class ReplyNotes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ReplyNotes() {}

    static String text(OutboundReply reply, Instant now) {
        String what = switch (reply.state()) {
            case SENT -> "sent on WhatsApp";
            case DELIVERED -> "delivered to the customer's phone";
            case READ -> "read by the customer";
            case HELD -> "not sent yet, " + reply.reason() + ". It is delivered as soon as the customer writes.";
            case FAILED -> "NOT delivered: " + reply.reason() + ". Please reach the customer another way.";
            case UNKNOWN -> "may not have been delivered: " + reply.reason()
                    + ". It is not sent again automatically; this note changes if WhatsApp reports it.";
            case PENDING, SENDING, TEMPLATE_SENDING -> "being sent";
        };
        return "Threadline · reply of " + TIME.format(reply.createdAt()) + ": " + what + " (" + TIME.format(now) + ")";
    }
}
