package dev.threadline.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.bench.cold.SampleEvents;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.MessageRef;
import java.time.Instant;
import java.util.List;

/** Customers and unique WhatsApp messages: signed webhook events for intake, matching calls for the floor. */
final class Traffic {

    private final String runId;
    private final int customers;
    private long sequence;

    /**
     * @param runId makes every wamid unique across runs and processes sharing a table
     * @param customers how many distinct senders the messages rotate over
     */
    Traffic(String runId, int customers) {
        this.runId = runId;
        this.customers = customers;
    }

    /** The WhatsApp id ({@code wa_id}) of customer {@code index}. */
    static String waId(int index) {
        return "49151" + String.format("%08d", index);
    }

    static CustomerKey customer(int index) {
        return new CustomerKey(SampleEvents.PHONE_NUMBER_ID, waId(index));
    }

    /** A signed single-message webhook from customer {@code index}. */
    static APIGatewayV2HTTPEvent webhook(int index, String wamid, Instant sentAt, String text) {
        return SampleEvents.webhook(SampleEvents.webhookBody(waId(index), wamid, sentAt.getEpochSecond(), "Customer " + index,
                text), Functions.APP_SECRET);
    }

    /** One fresh message: the intake event and, for the same message, the floor's call. */
    record Pair(APIGatewayV2HTTPEvent event, Floor.Call call) {}

    Pair next(JobCodec codec) {
        long n = sequence++;
        int index = (int) (n % customers);
        String wamid = "wamid.bench." + runId + "." + n;
        Instant now = Instant.now();
        String text = "Printer on floor 3 is jammed again, error E5 on the display";
        CustomerKey customer = customer(index);
        String raw = "{\"from\":\"" + waId(index) + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + now.getEpochSecond()
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}";
        InboundMessage message = new InboundMessage(wamid + ".floor", customer, waId(index), null, null, "Customer " + index, now,
                "text", new Content.Said(text), null, raw);
        MessageRef ref = message.ref();
        Floor.Call call = new Floor.Call("MSG#" + ref.phoneNumberId() + "#" + ref.messageId(), customer.digest(), ref.digest(),
                codec.encode(message));
        return new Pair(webhook(index, wamid, now, text), call);
    }
}
