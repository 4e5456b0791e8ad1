package dev.threadline.domain;

import java.util.List;

/**
 * What one signed webhook POST from Meta carried, after parsing every {@code entry[] x changes[]}.
 *
 * @param messages the inbound customer messages, in payload order
 * @param statuses outbound status updates (sent/delivered/read/failed), all of them
 * @param replyStatuses those of them about messages Threadline sent (carrying its callback data)
 * @param otherChanges changes for fields other than {@code messages}; acknowledged and ignored
 * @param errors {@code value.errors[]} items (account-level problems reported by Meta)
 * @param rejected message items that can never be processed (no id, no sender, bad timestamp)
 */
public record WebhookDelivery(
        List<InboundMessage> messages, int statuses, List<ReplyStatus> replyStatuses, int otherChanges, int errors,
        int rejected) {

    public WebhookDelivery {
        messages = List.copyOf(messages);
        replyStatuses = List.copyOf(replyStatuses);
    }

    /**
     * A {@code statuses[]} item about a message Threadline sent.
     *
     * @param errorCode the first error's code on {@code failed}, else {@code null}
     */
    public record ReplyStatus(String phoneNumberId, String wamid, String status, java.time.Instant at, ReplyCallback callback,
                              Integer errorCode, String errorTitle) {}
}
