package dev.threadline.fakes;

import dev.threadline.application.port.Helpdesk;
import dev.threadline.domain.TicketStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link Helpdesk} in memory: idempotent creates by key, posts kept in order. Hooks run after an
 * effect is recorded, so tests can crash "after the ticket was created" and the like.
 */
public final class InMemoryHelpdesk implements Helpdesk {

    /** A ticket as the helpdesk holds it. */
    public record Ticket(String id, NewTicket request, List<TicketPost> posts, TicketStatus status) {}

    private final Map<String, Ticket> tickets = new LinkedHashMap<>();
    private final Map<String, Note> notes = new LinkedHashMap<>();
    private final Map<String, List<String>> attachments = new LinkedHashMap<>();

    private record Note(String ticketId, String text) {}
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Consumer<String> afterOpen = id -> { };
    private volatile Consumer<String> afterAppend = id -> { };
    private volatile Consumer<String> afterNote = id -> { };
    private volatile RuntimeException failNextCall;

    @Override
    public synchronized TicketRef openTicket(NewTicket ticket) {
        call();
        for (Ticket existing : tickets.values()) {
            if (existing.request().idempotencyKey().equals(ticket.idempotencyKey())) {
                afterOpen.accept(existing.id());
                return new TicketRef(existing.id());
            }
        }
        String id = "ISS-2026-" + String.format("%05d", tickets.size() + 1);
        tickets.put(id, new Ticket(id, ticket, new ArrayList<>(), TicketStatus.OPEN));
        afterOpen.accept(id);
        return new TicketRef(id);
    }

    @Override
    public synchronized TicketStatus status(String ticketId) {
        call();
        Ticket ticket = tickets.get(ticketId);
        return ticket == null ? TicketStatus.GONE : ticket.status();
    }

    @Override
    public synchronized void append(String ticketId, TicketPost post) {
        call();
        Ticket ticket = tickets.get(ticketId);
        ticket.posts().add(post);
        if (ticket.status() == TicketStatus.RESOLVED) {
            tickets.put(ticketId, new Ticket(ticketId, ticket.request(), ticket.posts(), TicketStatus.OPEN));
        }
        afterAppend.accept(ticketId);
    }

    @Override
    public synchronized boolean hasPost(String ticketId, String postKey) {
        call();
        return tickets.get(ticketId).posts().stream().anyMatch(p -> p.key().equals(postKey));
    }

    @Override
    public synchronized String addNote(String ticketId, String text) {
        call();
        String id = "note-" + (notes.size() + 1);
        notes.put(id, new Note(ticketId, text));
        afterNote.accept(ticketId);
        return id;
    }

    @Override
    public synchronized boolean hasNote(String ticketId, String marker) {
        call();
        return notes(ticketId).stream().anyMatch(text -> text.contains(marker));
    }

    @Override
    public synchronized String updateNote(String ticketId, String noteId, String text) {
        call();
        if (noteId == null || !notes.containsKey(noteId)) {
            return addNote(ticketId, text);
        }
        notes.put(noteId, new Note(ticketId, text));
        return noteId;
    }

    /** The internal notes on a ticket, in the order they were added, with their current text. */
    public synchronized List<String> notes(String ticketId) {
        return notes.values().stream().filter(n -> n.ticketId().equals(ticketId)).map(Note::text).toList();
    }

    @Override
    public String linkTo(String ticketId) {
        return "https://erp.example.com/app/issue/" + ticketId;
    }

    @Override
    public synchronized String attach(String ticketId, Attachment attachment) {
        call();
        attachments.computeIfAbsent(ticketId, t -> new ArrayList<>()).add(attachment.fileName());
        return "/private/files/" + attachment.fileName();
    }

    @Override
    public synchronized boolean hasAttachment(String ticketId, String fileName) {
        call();
        return attachments.getOrDefault(ticketId, List.of()).contains(fileName);
    }

    public synchronized List<Ticket> tickets() {
        return List.copyOf(tickets.values());
    }

    public synchronized Ticket ticket(String id) {
        return tickets.get(id);
    }

    public synchronized void setStatus(String id, TicketStatus status) {
        Ticket t = tickets.get(id);
        tickets.put(id, new Ticket(id, t.request(), t.posts(), status));
    }

    public int calls() {
        return calls.get();
    }

    public void afterOpen(Consumer<String> hook) {
        this.afterOpen = hook;
    }

    /** Runs after each note is added ({@code null}: nothing), e.g. to crash between the note and the session's completion. */
    public void afterNote(Consumer<String> hook) {
        afterNote = hook == null ? id -> { } : hook;
    }

    public void afterAppend(Consumer<String> hook) {
        this.afterAppend = hook;
    }

    /** The next call (of any kind) throws this instead of doing anything. */
    public void failNextCall(RuntimeException failure) {
        this.failNextCall = failure;
    }

    private void call() {
        calls.incrementAndGet();
        RuntimeException failure = failNextCall;
        if (failure != null) {
            failNextCall = null;
            throw failure;
        }
    }
}
