package dev.threadline.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * WhatsApp's report that a message to a customer failed, for a message Threadline did not send (no
 * callback data of ours: another tool, or before Threadline), so no reply's state can take it
 * (docs/contracts/whatsapp.md §2.6). It still concerns the customer, so an agent on their open ticket
 * should know. It runs in the customer's FIFO group like everything else about them.
 *
 * @param customer the recipient, keyed as their messages are (BSUID if the status names one, else the number)
 * @param phoneNumberId the business number that sent the message
 * @param wamid the failed message's id, or {@code null} if the status had none
 * @param code the first error's code, or {@code null}
 * @param title that error's title (Meta's words, no customer data), or {@code null}
 * @param at Meta's timestamp of the status
 */
public record CustomerError(CustomerKey customer, String phoneNumberId, String wamid, Integer code, String title,
                            Instant at) implements QueuedJob {

    public CustomerError {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(phoneNumberId, "phoneNumberId");
        Objects.requireNonNull(at, "at");
    }

    /**
     * One failed status is one job; Meta may deliver it more than once. The same key a
     * {@link DeliveryReport} would have, as a status is either one or the other. Without a wamid the
     * customer's fingerprint (never the number) and the time stand in.
     */
    @Override
    public MessageRef ref() {
        String id = wamid != null ? wamid : customer.fingerprint() + "@" + at.getEpochSecond();
        return new MessageRef(phoneNumberId, "status/" + id + "/failed");
    }

    /** What the agent reads: Meta's code and title only. */
    public String describe() {
        String what = (code == null ? "" : code + " ") + (title == null ? "" : title);
        return what.isBlank() ? "no details given" : what.strip();
    }
}
