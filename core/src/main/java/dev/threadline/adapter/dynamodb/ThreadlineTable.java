package dev.threadline.adapter.dynamodb;

import dev.threadline.domain.MessageRef;

/**
 * The single DynamoDB table's layout. infra/template.yaml and the embedded provisioner create
 * exactly this; a test cross-checks the template.
 *
 * <pre>
 * pk                              sk          item
 * MSG#&lt;phone_number_id&gt;#&lt;wamid&gt;  MSG         message ledger record (intake dedup), TTL'd
 * </pre>
 */
public final class ThreadlineTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    /** Epoch seconds; DynamoDB TTL deletes the item some time after. Correctness never relies on it. */
    public static final String EXPIRES_AT = "expires_at";

    static final String LEDGER_SK = "MSG";

    private ThreadlineTable() {}

    static String ledgerPk(MessageRef ref) {
        return "MSG#" + ref.phoneNumberId() + "#" + ref.messageId();
    }
}
