package dev.threadline.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One customer's conversation state (the seed's table, plus what exactly-once needs).
 *
 * @param customer whose session this is
 * @param phone the seed's {@code phone_number}: the latest known WhatsApp number, or {@code null}
 * @param status the seed's {@code session_status}
 * @param openTicketId the seed's {@code open_ticket_id}, or {@code null}
 * @param openTicketOpenedAt when the open ticket was opened (keys its history record), or {@code null}
 * @param lastIssueSummary the seed's {@code last_issue_summary}, or {@code null}
 * @param lastActivity the seed's {@code last_activity_timestamp}: Meta's timestamp of the newest
 *     applied message, so replays after an outage decide as they would have live
 * @param ticketStatusSeen the helpdesk status last seen for the open ticket, or {@code null}
 * @param version optimistic-concurrency version; 0 means "never stored"
 * @param pending a decided but unconfirmed helpdesk effect, or {@code null}
 * @param recentMessageIds the newest applied message ids (bounded), to drop redeliveries
 * @param recentTexts the customer's last messages on the open ticket, oldest first (at most
 *     {@link JudgeQuestion#MAX_RECENT}, each cut to {@link #RECENT_TEXT_CHARS}): the judge's context.
 *     Customer text, so it lives only here and on the ticket, never in logs
 * @param agent what the agents' side of the conversation left in the session
 * @param profile who the customer is beyond the key: other identities, username, ticket budget
 */
public record Session(
        CustomerKey customer,
        String phone,
        SessionStatus status,
        String openTicketId,
        Instant openTicketOpenedAt,
        String lastIssueSummary,
        Instant lastActivity,
        TicketStatus ticketStatusSeen,
        long version,
        PendingEffect pending,
        List<String> recentMessageIds,
        List<String> recentTexts,
        AgentSide agent,
        CustomerProfile profile) {

    /** How many applied message ids a session remembers. Redeliveries are far more recent than that. */
    public static final int RECENT_IDS = 100;
    /** Enough of a message for a judge to read what kind of message it is; bounds the item size. */
    public static final int RECENT_TEXT_CHARS = 500;

    public Session {
        recentMessageIds = List.copyOf(recentMessageIds);
        recentTexts = recentTexts == null ? List.of() : List.copyOf(recentTexts);
        agent = agent == null ? AgentSide.NONE : agent;
        profile = profile == null ? CustomerProfile.NONE : profile;
    }

    /**
     * The agents' side of the conversation.
     *
     * @param lastReply the agent's last customer-visible reply on the open ticket (the judge's
     *     context: "ios 17.4" answers a question), or {@code null}
     * @param heldReplies keys of replies waiting for the customer to write (outside WhatsApp's 24-hour
     *     window), oldest first
     * @param ticketEvent the newest ticket status change applied, as {@code <ticket>@<modified>}, so an
     *     older change arriving late is recognised and ignored, or {@code null}
     * @param agentActiveAt when an agent last acted on the open ticket (a reply to the customer, a
     *     reopen): the episode is active from then on, so the customer's answer continues it, or
     *     {@code null}
     */
    public record AgentSide(String lastReply, List<String> heldReplies, String ticketEvent, Instant agentActiveAt) {
        public static final AgentSide NONE = new AgentSide(null, List.of(), null, null);
        /** More held replies than this for one customer are refused (the ticket says so). */
        public static final int MAX_HELD = 20;

        public AgentSide {
            heldReplies = heldReplies == null ? List.of() : List.copyOf(heldReplies);
        }

        /** An agent's reply on the open ticket at {@code at}: the judge's context, and activity on the episode. */
        public AgentSide withLastReply(String reply, Instant at) {
            return new AgentSide(Text.prefix(reply, RECENT_TEXT_CHARS), heldReplies, ticketEvent, at);
        }

        public AgentSide withHeld(List<String> held) {
            return new AgentSide(lastReply, held, ticketEvent, agentActiveAt);
        }

        public AgentSide withTicketEvent(String event, Instant reopened) {
            return new AgentSide(lastReply, heldReplies, event, reopened != null ? reopened : agentActiveAt);
        }
    }

    /** The state of a customer never seen before. */
    public static Session fresh(CustomerKey customer) {
        return new Session(customer, null, SessionStatus.CLOSED, null, null, null, null, null, 0, null, List.of(), List.of(),
                AgentSide.NONE, CustomerProfile.NONE);
    }

    public boolean hasApplied(String messageId) {
        return recentMessageIds.contains(messageId);
    }

    public Session withPending(PendingEffect effect) {
        return withPending(effect, profile);
    }

    /** The session claiming {@code effect}, with the profile that deciding it updated (flood counters). */
    public Session withPending(PendingEffect effect, CustomerProfile counted) {
        return new Session(customer, phone, status, openTicketId, openTicketOpenedAt, lastIssueSummary, lastActivity,
                ticketStatusSeen, version + 1, effect, recentMessageIds, recentTexts, agent, counted);
    }

    /** The session with its pending effect dropped (the helpdesk refused it for good). */
    public Session withoutPending() {
        return new Session(customer, phone, status, openTicketId, openTicketOpenedAt, lastIssueSummary, lastActivity,
                ticketStatusSeen, version + 1, null, recentMessageIds, recentTexts, agent, profile);
    }

    public Session withTicketStatusSeen(TicketStatus seen) {
        return new Session(customer, phone, status, openTicketId, openTicketOpenedAt, lastIssueSummary, lastActivity,
                seen, version, pending, recentMessageIds, recentTexts, agent, profile);
    }

    /**
     * The session after a pending effect is confirmed: an episode on {@code ticketId}.
     *
     * @param texts the applied messages' texts, appended to {@link #recentTexts} (which restart when
     *     the ticket changes)
     */
    public Session afterApplying(String phone, String ticketId, Instant ticketOpenedAt, String summary,
                                 Instant activity, TicketStatus seen, Collection<String> appliedIds, List<String> texts) {
        List<String> recent = remember(appliedIds);
        Instant newest = lastActivity == null || activity.isAfter(lastActivity) ? activity : lastActivity;
        List<String> context = new ArrayList<>(ticketId.equals(openTicketId) ? recentTexts : List.of());
        for (String text : texts) {
            context.add(Text.prefix(text, RECENT_TEXT_CHARS));
        }
        context = context.subList(Math.max(0, context.size() - JudgeQuestion.MAX_RECENT), context.size());
        AgentSide side = ticketId.equals(openTicketId) ? agent
                : new AgentSide(null, agent.heldReplies(), agent.ticketEvent(), null);
        return new Session(customer, phone != null ? phone : this.phone, SessionStatus.ACTIVE, ticketId, ticketOpenedAt,
                summary, newest, seen, version + 1, null, recent, context, side, profile);
    }

    /** The session after the sweeper ends the episode; its ticket stays in the ticket history. */
    public Session closed() {
        return new Session(customer, phone, SessionStatus.CLOSED, null, null, lastIssueSummary,
                lastActivity, null, version + 1, null, recentMessageIds, List.of(),
                new AgentSide(null, agent.heldReplies(), agent.ticketEvent(), null), profile);
    }

    /** The session with its profile replaced (identities linked, a username learnt). */
    public Session withProfile(CustomerProfile next) {
        return new Session(customer, phone, status, openTicketId, openTicketOpenedAt, lastIssueSummary, lastActivity,
                ticketStatusSeen, version + 1, pending, recentMessageIds, recentTexts, agent, next);
    }

    /**
     * The session after messages that change no ticket (a removed reaction, a message with no open
     * ticket to note it on) are applied: their ids are remembered so redeliveries are dropped.
     */
    public Session withApplied(Collection<String> ids, String newPhone) {
        return new Session(customer, newPhone != null ? newPhone : phone, status, openTicketId, openTicketOpenedAt,
                lastIssueSummary, lastActivity, ticketStatusSeen, version + 1, null, remember(ids), recentTexts, agent, profile);
    }

    private List<String> remember(Collection<String> ids) {
        List<String> recent = new ArrayList<>(recentMessageIds);
        recent.addAll(ids);
        return recent.size() > RECENT_IDS ? recent.subList(recent.size() - RECENT_IDS, recent.size()) : recent;
    }

    /** The session with its agent side replaced (a reply recorded, held or released). */
    public Session withAgent(AgentSide side) {
        return new Session(customer, phone, status, openTicketId, openTicketOpenedAt, lastIssueSummary, lastActivity,
                ticketStatusSeen, version + 1, pending, recentMessageIds, recentTexts, side, profile);
    }

    /**
     * The session pointing at {@code ticketId} again because an agent reopened it: the episode is
     * active from {@code at}, and the customer's next message lands on that ticket.
     */
    public Session reopened(String ticketId, Instant openedAt, TicketStatus seen, String event, Instant at) {
        boolean same = ticketId.equals(openTicketId);
        return new Session(customer, phone, SessionStatus.ACTIVE, ticketId, same ? openTicketOpenedAt : openedAt,
                lastIssueSummary, lastActivity == null ? at : lastActivity, seen, version + 1, pending, recentMessageIds,
                same ? recentTexts : List.of(), agent.withTicketEvent(event, at), profile);
    }

    /** When the episode was last active: the customer's newest message, or an agent's action if later. */
    public Instant activeSince() {
        Instant agentAt = agent.agentActiveAt();
        return agentAt != null && (lastActivity == null || agentAt.isAfter(lastActivity)) ? agentAt : lastActivity;
    }

    @Override
    public String toString() {
        return "Session[" + customer + ", " + status + ", ticket=" + openTicketId + ", v" + version
                + (pending == null ? "" : ", pending") + "]";
    }
}
