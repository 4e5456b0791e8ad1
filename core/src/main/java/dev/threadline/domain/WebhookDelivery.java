package dev.threadline.domain;

import java.util.List;

/**
 * What one signed webhook POST from Meta carried, after parsing every {@code entry[] x changes[]}.
 *
 * @param messages the inbound customer messages, in payload order
 * @param statuses outbound status updates (sent/delivered/read/failed), all of them
 * @param replyStatuses those of them about messages Threadline sent (carrying its callback data)
 * @param otherChanges changes for fields other than {@code messages}; acknowledged and ignored
 * @param errors what Meta reported as errors: {@code value.errors[]} (account-level) and every
 *     {@code statuses[].errors[]} item
 * @param rejected message items that can never be processed (no id, no sender, bad timestamp)
 * @param customerErrors failed statuses of messages Threadline did not send, naming a customer
 * @param foreign items (messages, statuses, errors) for a business number that is not ours; ignored
 */
public record WebhookDelivery(
        List<InboundMessage> messages, int statuses, List<ReplyStatus> replyStatuses, int otherChanges,
        List<MetaError> errors, int rejected, List<CustomerError> customerErrors, int foreign) {

    public WebhookDelivery {
        messages = List.copyOf(messages);
        replyStatuses = List.copyOf(replyStatuses);
        errors = List.copyOf(errors);
        customerErrors = List.copyOf(customerErrors);
    }

    /**
     * A {@code statuses[]} item about a message Threadline sent.
     *
     * @param errorCode the first error's code on {@code failed}, else {@code null}
     */
    public record ReplyStatus(String phoneNumberId, String wamid, String status, java.time.Instant at, ReplyCallback callback,
                              Integer errorCode, String errorTitle) {}

    /**
     * An error Meta reported (docs/contracts/whatsapp.md §2.6, §2.7): its code and title, nothing else, as
     * {@code message} and {@code error_data.details} may quote a number or text.
     */
    public record MetaError(Integer code, String title) {}
}
