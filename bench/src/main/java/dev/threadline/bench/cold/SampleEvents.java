package dev.threadline.bench.cold;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lambda events as the runtime hands them to a handler, built with the JDK and the Lambda event types
 * only (the cold-start launcher runs on nothing else): a signed single-message WhatsApp webhook in an
 * API Gateway HTTP API (payload 2.0) event, an SQS batch, an EventBridge schedule tick.
 */
public final class SampleEvents {

    /** The business number every benchmark customer writes to. */
    public static final String PHONE_NUMBER_ID = "109876543210987";

    private SampleEvents() {}

    /** The body Meta POSTs for one text message, as in {@code events/intake-*.json}. */
    public static String webhookBody(String waId, String wamid, long epochSecond, String name, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"201234567890123\",\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
                + "\"4930123456789\",\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":"
                + json(name) + "},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":" + json(wamid)
                + ",\"timestamp\":\"" + epochSecond + "\",\"type\":\"text\",\"text\":{\"body\":" + json(text) + "}}]}}]}]}";
    }

    /** A POST to the webhook route, signed with {@code appSecret} as Meta signs it. */
    public static APIGatewayV2HTTPEvent webhook(String body, String appSecret) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /webhooks/whatsapp")
                .withRawPath("/webhooks/whatsapp")
                .withRawQueryString("")
                .withHeaders(Map.of(
                        "content-type", "application/json",
                        "user-agent", "facebookexternalua",
                        "x-hub-signature-256", sign(body, appSecret)))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("POST /webhooks/whatsapp")
                        .withStage("$default")
                        .withRequestId("bench")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/webhooks/whatsapp").withProtocol("HTTP/1.1")
                                .withSourceIp("173.252.95.10").withUserAgent("facebookexternalua").build())
                        .build())
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    /** One queued job as Lambda's SQS event source delivers it to ticket-fn. */
    public static SQSEvent sqs(String jobBody, String groupId, String dedupId) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(dedupId.substring(0, 8) + "-0000-0000-0000-000000000000");
        record.setReceiptHandle("bench-" + dedupId);
        record.setBody(jobBody);
        record.setAttributes(Map.of("MessageGroupId", groupId, "MessageDeduplicationId", dedupId,
                "ApproximateReceiveCount", "1", "SentTimestamp", Long.toString(System.currentTimeMillis())));
        record.setEventSource("aws:sqs");
        record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:threadline-jobs.fifo");
        record.setAwsRegion("us-east-1");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        return event;
    }

    public static ScheduledEvent schedule() {
        ScheduledEvent event = new ScheduledEvent();
        event.setSource("aws.events");
        event.setDetailType("Scheduled Event");
        event.setRegion("us-east-1");
        event.setDetail(Map.of());
        return event;
    }

    public static String sign(String body, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
