package dev.threadline.application;

import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.TicketStatus;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Counts and times every helpdesk call ({@code ErpNextCalls}, {@code ErpNextErrors},
 * {@code ErpNextLatency}) whatever the adapter, for the dashboard and the failure-rate alarm.
 */
final class MeasuredHelpdesk implements Helpdesk {

    private final Helpdesk delegate;
    private final Metrics metrics;

    MeasuredHelpdesk(Helpdesk delegate, Metrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public TicketRef openTicket(NewTicket ticket) {
        return measured(() -> delegate.openTicket(ticket));
    }

    @Override
    public TicketStatus status(String ticketId) {
        return measured(() -> delegate.status(ticketId));
    }

    @Override
    public void append(String ticketId, TicketPost post) {
        measured(() -> {
            delegate.append(ticketId, post);
            return null;
        });
    }

    @Override
    public boolean hasPost(String ticketId, String postKey) {
        return measured(() -> delegate.hasPost(ticketId, postKey));
    }

    @Override
    public String addNote(String ticketId, String text) {
        return measured(() -> delegate.addNote(ticketId, text));
    }

    @Override
    public boolean hasNote(String ticketId, String marker) {
        return measured(() -> delegate.hasNote(ticketId, marker));
    }

    @Override
    public String updateNote(String ticketId, String noteId, String text) {
        return measured(() -> delegate.updateNote(ticketId, noteId, text));
    }

    @Override
    public String attach(String ticketId, Attachment attachment) {
        return measured(() -> delegate.attach(ticketId, attachment));
    }

    @Override
    public boolean hasAttachment(String ticketId, String fileName) {
        return measured(() -> delegate.hasAttachment(ticketId, fileName));
    }

    @Override
    public String linkTo(String ticketId) {
        return delegate.linkTo(ticketId);
    }

    private <T> T measured(Supplier<T> call) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            T result = call.get();
            failed = false;
            return result;
        } finally {
            metrics.millis("ErpNextLatency", (System.nanoTime() - started) / 1_000_000);
            metrics.counts(Map.of("ErpNextCalls", 1L, "ErpNextErrors", failed ? 1L : 0L));
        }
    }
}
