package dev.threadline.adapter.dynamodb;

import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.MessageRef;

/**
 * The single DynamoDB table's layout. infra/template.yaml and the embedded provisioner create
 * exactly this; a test cross-checks the template.
 *
 * <pre>
 * pk                              sk                              item
 * MSG#&lt;phone_number_id&gt;#&lt;wamid&gt;  MSG                             message ledger record (intake dedup), TTL'd
 * CUST#&lt;customer key&gt;             SESSION                         the customer's session (TTL'd once CLOSED)
 * CUST#&lt;other identity&gt;          ALIAS                           which customer key a phone number or BSUID leads to
 * CUST#&lt;customer key&gt;             TICKET#&lt;opened at&gt;#&lt;ticket id&gt;   one per ticket the customer ever had
 * CUST#&lt;customer key&gt;             DECISION#&lt;decided at&gt;#&lt;wamid&gt;  the audit log of routing decisions
 * CUST#&lt;customer key&gt;             REPLY#&lt;reply key&gt;               an agent's reply in the outbox, TTL'd
 * ISSUE#&lt;ticket id&gt;               ISSUE                           whose ticket it is (helpdesk events find the customer)
 * STATS#&lt;yyyy-mm-dd&gt;              SHARD#&lt;nn&gt;                      daily counters for people (DynamoDbDailyStats), TTL'd
 * CURSOR#helpdesk#&lt;feed&gt;          CURSOR                          where the helpdesk poll stopped (DynamoDbPollCursors)
 * </pre>
 *
 * <p>ACTIVE sessions also carry {@code sweep_shard} and {@code last_activity_timestamp}, the keys of
 * the sparse index the sweeper queries; CLOSED sessions drop the shard and leave the index.
 */
public final class ThreadlineTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    /** Epoch seconds; DynamoDB TTL deletes the item some time after. Correctness never relies on it. */
    public static final String EXPIRES_AT = "expires_at";

    /** The sweeper's sparse index: partition {@code sweep_shard}, sort {@code last_activity_timestamp}. */
    public static final String SWEEP_INDEX = "sweep-index";
    public static final String SWEEP_SHARD = "sweep_shard";
    public static final String LAST_ACTIVITY = "last_activity_timestamp";
    /** Active sessions are spread over this many index partitions so none gets hot. */
    public static final int SWEEP_SHARDS = 16;

    static final String LEDGER_SK = "MSG";
    static final String SESSION_SK = "SESSION";
    static final String ALIAS_SK = "ALIAS";
    static final String TICKET_PREFIX = "TICKET#";
    static final String DECISION_PREFIX = "DECISION#";
    /** A decision's judge inputs, beside it under the same suffix, expiring after {@code JUDGE_INPUT_TTL}. */
    static final String JUDGE_INPUT_PREFIX = "JUDGEIN#";
    static final String REPLY_PREFIX = "REPLY#";
    static final String ISSUE_SK = "ISSUE";
    /** A day's counter items: one per sweep shard, so concurrent transactions rarely share one. */
    static final String STATS_PREFIX = "STATS#";
    static final String STATS_SHARD_PREFIX = "SHARD#";
    /** The helpdesk poll's position per feed ({@code HELPDESK_EVENTS=poll}). */
    static final String CURSOR_PREFIX = "CURSOR#helpdesk#";
    static final String CURSOR_SK = "CURSOR";

    private ThreadlineTable() {}

    static String sweepShard(CustomerKey customer) {
        return sweepShard(shardOf(customer));
    }

    static int shardOf(CustomerKey customer) {
        return Math.floorMod(customer.digest().hashCode(), SWEEP_SHARDS);
    }

    static String sweepShard(int shard) {
        return "ACTIVE#" + String.format("%02d", shard);
    }

    static String issuePk(String ticketId) {
        return "ISSUE#" + ticketId;
    }

    static String ledgerPk(MessageRef ref) {
        return "MSG#" + ref.phoneNumberId() + "#" + ref.messageId();
    }
}
