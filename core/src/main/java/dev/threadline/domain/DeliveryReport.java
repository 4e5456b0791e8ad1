package dev.threadline.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * WhatsApp's report on a message Threadline sent (a {@code statuses[]} item), tied back to the reply
 * through the callback data we sent with it (docs/contracts/whatsapp.md §2.6).
 *
 * @param customer whose reply it is
 * @param phoneNumberId the business number that sent it
 * @param wamid the sent message's id
 * @param callback our callback data, parsed
 * @param status {@code sent}, {@code delivered}, {@code read}, {@code failed} (or {@code played})
 * @param at Meta's timestamp of the status
 * @param errorCode the first error's code on {@code failed}, else {@code null}
 * @param errorTitle that error's title (Meta's words, no customer data), else {@code null}
 */
public record DeliveryReport(CustomerKey customer, String phoneNumberId, String wamid, ReplyCallback callback,
                             String status, Instant at, Integer errorCode, String errorTitle) implements QueuedJob {

    public DeliveryReport {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(wamid, "wamid");
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    /** One status of one sent message is one report; Meta may deliver it more than once. */
    @Override
    public MessageRef ref() {
        return new MessageRef(phoneNumberId, "status/" + wamid + "/" + status);
    }

    public boolean failed() {
        return "failed".equals(status);
    }
}
