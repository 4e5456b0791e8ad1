package dev.threadline.adapter.dynamodb;

import static dev.threadline.adapter.dynamodb.SessionItems.s;

import dev.threadline.application.port.Metrics;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A customer's other identities (a phone number beside a BSUID, a new number) as {@code ALIAS} records
 * that lead to the customer's session (whatsapp.md §2.2): how they are found and how they are written.
 */
final class SessionAliases {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Metrics metrics;

    SessionAliases(DynamoDbClient dynamo, String table, Metrics metrics) {
        this.dynamo = dynamo;
        this.table = table;
        this.metrics = metrics;
    }

    /**
     * Whose session the identities lead to: the customer, and the session item when it was read on the
     * way ({@code null} item: read it; {@code null} result: nobody yet).
     */
    record Found(CustomerKey customer, Map<String, AttributeValue> session) {}

    /**
     * One consistent batch read (one round trip) of each identity's session and alias record; the first
     * identity, in order, that has either decides.
     */
    Found find(List<CustomerKey> identities) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        identities.forEach(id -> {
            keys.add(SessionItems.sessionKey(id));
            keys.add(SessionItems.aliasKey(id));
        });
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> asked = request;
            BatchGetItemResponse page = dynamo.batchGetItem(b -> b.requestItems(asked));
            page.responses().getOrDefault(table, List.of())
                    .forEach(item -> found.put(item.get(ThreadlineTable.PK).s() + "|" + item.get(ThreadlineTable.SK).s(), item));
            request = page.hasUnprocessedKeys() ? page.unprocessedKeys() : Map.of();
        }
        for (CustomerKey id : identities) {
            Map<String, AttributeValue> session = found.get(SessionItems.customerPk(id) + "|" + ThreadlineTable.SESSION_SK);
            if (session != null) {
                return new Found(id, session);
            }
            Map<String, AttributeValue> alias = found.get(SessionItems.customerPk(id) + "|" + ThreadlineTable.ALIAS_SK);
            if (alias != null) {
                metrics.counts(Map.of("IdentitiesResolvedByAlias", 1L));
                return new Found(CustomerKey.parse(alias.get("customer").s()), null);
            }
        }
        return null;
    }

    /**
     * The alias records to write with {@code next}: one per identity it has newly learnt. A session is
     * never created where an alias leads elsewhere, and an alias never where a session of its own exists:
     * whichever write comes second conflicts, reloads and finds the other.
     */
    List<TransactWriteItem> writes(Session current, Session next) {
        List<TransactWriteItem> writes = new ArrayList<>();
        CustomerKey customer = next.customer();
        if (current.version() == 0) {
            writes.add(absent(SessionItems.aliasKey(customer)));
        }
        for (String alias : next.profile().aliases()) {
            if (current.profile().aliases().contains(alias) || alias.equals(customer.user())) {
                continue;
            }
            CustomerKey identity = new CustomerKey(customer.phoneNumberId(), alias);
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(SessionItems.aliasItem(identity, customer))
                    .conditionExpression("attribute_not_exists(#pk) OR #c = :c")
                    .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK, "#c", "customer"))
                    .expressionAttributeValues(Map.of(":c", s(customer.value()))).build()).build());
            writes.add(absent(SessionItems.sessionKey(identity)));
        }
        return writes;
    }

    private TransactWriteItem absent(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK))
                .build()).build();
    }
}
