package dev.threadline.bench.bare;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The cold-start floor for ticket-fn on a first message: the same calls ticket-fn makes for it (a
 * consistent GetItem of the session, the claim transaction of two items, the LLM classification, the
 * two cached ERPNext look-ups and the Issue POST, then the completing transaction of three items),
 * with the JDK's {@link HttpURLConnection} and no JSON mapping beyond string building.
 */
public class BareTicketHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final DynamoDbClient dynamo = BareClients.dynamo();
    private final String table = BareClients.env("TABLE_NAME");
    private final String erpnext = BareClients.env("ERPNEXT_URL");
    private final String erpnextToken = "token " + BareClients.env("ERPNEXT_API_KEY") + ":" + BareClients.env("ERPNEXT_API_SECRET");
    private final String llm = BareClients.env("LLM_BASE_URL");

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            String customer = record.getAttributes().get("MessageGroupId");
            String wamid = record.getAttributes().get("MessageDeduplicationId");
            Map<String, AttributeValue> sessionKey = Map.of("pk", s("CUST#" + customer), "sk", s("SESSION"));
            dynamo.getItem(b -> b.tableName(table).key(sessionKey).consistentRead(true));
            dynamo.transactWriteItems(b -> b.transactItems(
                    put(Map.of("pk", s("CUST#" + customer), "sk", s("SESSION"), "version", n(1), "pending", s("open"))),
                    put(Map.of("pk", s("CUST#" + customer), "sk", s("DECISION#" + wamid), "kind", s("FIRST")))));
            post(llm + "/chat/completions", null, "{\"model\":\"bench\",\"max_tokens\":200,\"response_format\":{\"type\":"
                    + "\"json_object\"},\"messages\":[{\"role\":\"system\",\"content\":\"Classify as JSON.\"},{\"role\":\"user\","
                    + "\"content\":\"<customer_messages>Printer on floor 3 is jammed</customer_messages>\"}]}");
            get(erpnext + "/api/resource/Issue%20Priority?fields=%5B%22name%22%5D&limit_page_length=0");
            get(erpnext + "/api/resource/Issue%20Type?fields=%5B%22name%22%5D&limit_page_length=0");
            String created = post(erpnext + "/api/resource/Issue", erpnextToken, "{\"subject\":\"Printer on floor 3 is jammed\","
                    + "\"description\":\"<p>Printer on floor 3 is jammed</p>\",\"custom_idempotency_key\":\"wa:" + wamid + "\"}");
            String ticket = created.replaceAll("(?s).*\"name\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            dynamo.transactWriteItems(b -> b.transactItems(
                    put(Map.of("pk", s("CUST#" + customer), "sk", s("SESSION"), "version", n(2), "open_ticket_id", s(ticket))),
                    put(Map.of("pk", s("CUST#" + customer), "sk", s("TICKET#" + ticket), "ticket_id", s(ticket))),
                    TransactWriteItem.builder().update(Update.builder().tableName(table)
                            .key(Map.of("pk", s("MSG#" + wamid), "sk", s("MSG")))
                            .updateExpression("SET #s = :applied").expressionAttributeNames(Map.of("#s", "state"))
                            .expressionAttributeValues(Map.of(":applied", s("APPLIED"))).build()).build()));
        }
        return new SQSBatchResponse(List.of());
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private String get(String url) {
        return exchange(url, "GET", erpnextToken, null);
    }

    private String post(String url, String authorization, String body) {
        return exchange(url, "POST", authorization, body);
    }

    private static String exchange(String url, String method, String authorization, String body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            }
            if (connection.getResponseCode() >= 300) {
                throw new IllegalStateException(method + " " + url + " answered " + connection.getResponseCode());
            }
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
