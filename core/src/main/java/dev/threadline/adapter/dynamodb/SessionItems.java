package dev.threadline.adapter.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.CustomerProfile;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Decision;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Session;
import dev.threadline.domain.SessionStatus;
import dev.threadline.domain.TicketRecord;
import dev.threadline.domain.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps sessions, ticket history and decisions to DynamoDB items and back. Attribute names follow the
 * seed's schema ({@code phone_number}, {@code open_ticket_id}, {@code last_issue_summary},
 * {@code last_activity_timestamp}, {@code session_status}).
 */
final class SessionItems {

    /** Fixed width, so sort keys built from it order chronologically. */
    static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Closed sessions are cleaned up by TTL this long after they close. */
    static final Duration CLOSED_SESSION_TTL = Duration.ofDays(90);

    private final ObjectMapper json;
    private final PendingJson pending;

    SessionItems(ObjectMapper json) {
        this.json = json;
        this.pending = new PendingJson(json);
    }

    static String customerPk(CustomerKey customer) {
        return "CUST#" + customer.value();
    }

    static Map<String, AttributeValue> sessionKey(CustomerKey customer) {
        return Map.of(ThreadlineTable.PK, s(customerPk(customer)), ThreadlineTable.SK, s(ThreadlineTable.SESSION_SK));
    }

    Map<String, AttributeValue> toItem(Session session, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(sessionKey(session.customer()));
        item.put("customer", s(session.customer().value()));
        item.put("session_status", s(session.status().name()));
        item.put("version", n(session.version()));
        item.put("recent_message_ids", AttributeValue.fromL(session.recentMessageIds().stream().map(SessionItems::s).toList()));
        putIfPresent(item, "phone_number", session.phone());
        putIfPresent(item, "open_ticket_id", session.openTicketId());
        putIfPresent(item, "last_issue_summary", session.lastIssueSummary());
        if (!session.recentTexts().isEmpty()) {
            item.put("recent_texts", AttributeValue.fromL(session.recentTexts().stream().map(SessionItems::s).toList()));
        }
        if (session.openTicketOpenedAt() != null) {
            item.put("open_ticket_opened_at", s(SORTABLE.format(session.openTicketOpenedAt())));
        }
        if (session.lastActivity() != null) {
            item.put("last_activity_timestamp", n(session.lastActivity().getEpochSecond()));
        }
        if (session.ticketStatusSeen() != null) {
            item.put("ticket_status_seen", s(session.ticketStatusSeen().name()));
        }
        if (session.pending() != null) {
            item.put("pending", s(pending.write(session.pending())));
        }
        Session.AgentSide agent = session.agent();
        putIfPresent(item, "agent_last_reply", agent.lastReply());
        putIfPresent(item, "ticket_event", agent.ticketEvent());
        if (!agent.heldReplies().isEmpty()) {
            item.put("held_replies", AttributeValue.fromL(agent.heldReplies().stream().map(SessionItems::s).toList()));
        }
        if (agent.agentActiveAt() != null) {
            item.put("agent_active_at", n(agent.agentActiveAt().getEpochSecond()));
        }
        CustomerProfile profile = session.profile();
        if (!profile.aliases().isEmpty()) {
            item.put("aliases", AttributeValue.fromL(profile.aliases().stream().map(SessionItems::s).toList()));
        }
        putIfPresent(item, "username", profile.username());
        if (profile.openedDay() != null) {
            item.put("opened_day", s(profile.openedDay()));
            item.put("opened_that_day", n(profile.openedThatDay()));
        }
        if (profile.rateFrom() != null) {
            item.put("rate_from", n(profile.rateFrom().getEpochSecond()));
            item.put("rate_count", n(profile.rateCount()));
        }
        if (session.status() == SessionStatus.ACTIVE && session.lastActivity() != null) {
            // Sparse sweeper index: only ACTIVE sessions carry the shard attribute.
            item.put(ThreadlineTable.SWEEP_SHARD, s(ThreadlineTable.sweepShard(session.customer())));
        } else {
            item.put(ThreadlineTable.EXPIRES_AT, n(now.plus(CLOSED_SESSION_TTL).getEpochSecond()));
        }
        return item;
    }

    Session toSession(CustomerKey customer, Map<String, AttributeValue> item) {
        return new Session(
                customer,
                str(item, "phone_number"),
                SessionStatus.valueOf(item.get("session_status").s()),
                str(item, "open_ticket_id"),
                instant(str(item, "open_ticket_opened_at")),
                str(item, "last_issue_summary"),
                item.containsKey("last_activity_timestamp")
                        ? Instant.ofEpochSecond(Long.parseLong(item.get("last_activity_timestamp").n())) : null,
                item.containsKey("ticket_status_seen") ? TicketStatus.valueOf(item.get("ticket_status_seen").s()) : null,
                Long.parseLong(item.get("version").n()),
                item.containsKey("pending") ? pending.read(item.get("pending").s()) : null,
                item.containsKey("recent_message_ids")
                        ? item.get("recent_message_ids").l().stream().map(AttributeValue::s).toList() : List.of(),
                item.containsKey("recent_texts") ? item.get("recent_texts").l().stream().map(AttributeValue::s).toList() : List.of(),
                new Session.AgentSide(str(item, "agent_last_reply"),
                        item.containsKey("held_replies") ? item.get("held_replies").l().stream().map(AttributeValue::s).toList() : List.of(),
                        str(item, "ticket_event"),
                        item.containsKey("agent_active_at") ? Instant.ofEpochSecond(Long.parseLong(item.get("agent_active_at").n())) : null),
                new CustomerProfile(item.containsKey("aliases") ? item.get("aliases").l().stream().map(AttributeValue::s).toList() : List.of(),
                        str(item, "username"), str(item, "opened_day"),
                        item.containsKey("opened_that_day") ? Integer.parseInt(item.get("opened_that_day").n()) : 0,
                        item.containsKey("rate_from") ? Instant.ofEpochSecond(Long.parseLong(item.get("rate_from").n())) : null,
                        item.containsKey("rate_count") ? Integer.parseInt(item.get("rate_count").n()) : 0));
    }

    static Map<String, AttributeValue> aliasKey(CustomerKey identity) {
        return Map.of(ThreadlineTable.PK, s(customerPk(identity)), ThreadlineTable.SK, s(ThreadlineTable.ALIAS_SK));
    }

    /** Another identity of a customer, leading to the customer's session (written with the session). */
    static Map<String, AttributeValue> aliasItem(CustomerKey identity, CustomerKey customer) {
        Map<String, AttributeValue> item = new HashMap<>(aliasKey(identity));
        item.put("customer", s(customer.value()));
        return item;
    }

    static Map<String, AttributeValue> ticketItem(CustomerKey customer, TicketRecord ticket) {
        Map<String, AttributeValue> item = new HashMap<>(ticketKey(customer, ticket));
        item.put("ticket_id", s(ticket.ticketId()));
        item.put("opened_at", s(SORTABLE.format(ticket.openedAt())));
        putIfPresent(item, "opening_message_id", ticket.openingMessageId());
        if (ticket.closedAt() != null) {
            item.put("closed_at", s(SORTABLE.format(ticket.closedAt())));
        }
        return item;
    }

    static Map<String, AttributeValue> directoryItem(CustomerKey customer, String ticketId) {
        return Map.of(ThreadlineTable.PK, s(ThreadlineTable.issuePk(ticketId)), ThreadlineTable.SK, s(ThreadlineTable.ISSUE_SK),
                "customer", s(customer.value()));
    }

    static Map<String, AttributeValue> ticketKey(CustomerKey customer, TicketRecord ticket) {
        return Map.of(ThreadlineTable.PK, s(customerPk(customer)),
                ThreadlineTable.SK, s(ThreadlineTable.TICKET_PREFIX + SORTABLE.format(ticket.openedAt()) + "#" + ticket.ticketId()));
    }

    static TicketRecord toTicket(Map<String, AttributeValue> item) {
        return new TicketRecord(item.get("ticket_id").s(), str(item, "opening_message_id"),
                instant(str(item, "opened_at")), instant(str(item, "closed_at")));
    }

    static Map<String, AttributeValue> decisionItem(CustomerKey customer, DecisionRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ThreadlineTable.PK, s(customerPk(customer)));
        item.put(ThreadlineTable.SK, s(ThreadlineTable.DECISION_PREFIX + SORTABLE.format(record.decidedAt()) + "#"
                + record.messageIds().get(0)));
        item.put("message_ids", AttributeValue.fromL(record.messageIds().stream().map(SessionItems::s).toList()));
        item.put("decided_at", s(SORTABLE.format(record.decidedAt())));
        item.put("decision", s(record.decision().kind().name()));
        item.put("stage", s(record.decision().stage().name()));
        item.put("reason", s(record.decision().reason()));
        item.put("latency_ms", n(record.decision().latencyMillis()));
        if (record.decision().confidence() != null) {
            item.put("confidence", AttributeValue.fromN(Double.toString(record.decision().confidence())));
        }
        putIfPresent(item, "ticket_id", record.ticketId());
        return item;
    }

    /** The judge's inputs for a decision, under the decision's own suffix, with a TTL: customer text. */
    Map<String, AttributeValue> judgeInputItem(CustomerKey customer, DecisionRecord record, Duration ttl) {
        JudgeQuestion q = record.question();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ThreadlineTable.PK, s(customerPk(customer)));
        item.put(ThreadlineTable.SK, s(ThreadlineTable.JUDGE_INPUT_PREFIX + SORTABLE.format(record.decidedAt()) + "#"
                + record.messageIds().get(0)));
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("previous_summary", q.previousSummary());
        doc.put("recent_messages", q.recentMessages());
        doc.put("agent_last_reply", q.agentLastReply());
        doc.put("ticket_status", q.ticketStatus() == null ? null : q.ticketStatus().name());
        doc.put("new_message", q.messages().get(0).text());
        doc.put("gap_minutes", q.messages().get(0).gap().toSeconds() / 60.0);
        doc.put("decision", record.decision().kind().name());
        doc.put("stage", record.decision().stage().name());
        try {
            item.put("judge_input", s(json.writeValueAsString(doc)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("judge input always serialises", e);
        }
        item.put(ThreadlineTable.EXPIRES_AT, n(record.decidedAt().plus(ttl).getEpochSecond()));
        return item;
    }

    static DecisionRecord toDecision(Map<String, AttributeValue> item) {
        return new DecisionRecord(
                item.get("message_ids").l().stream().map(AttributeValue::s).toList(),
                instant(item.get("decided_at").s()),
                new Decision(Decision.Kind.valueOf(item.get("decision").s()), Decision.Stage.valueOf(item.get("stage").s()),
                        item.containsKey("confidence") ? Double.parseDouble(item.get("confidence").n()) : null,
                        item.get("reason").s(), Long.parseLong(item.get("latency_ms").n())),
                str(item, "ticket_id"));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(String sortable) {
        return sortable == null ? null : Instant.from(SORTABLE.parse(sortable));
    }
}
