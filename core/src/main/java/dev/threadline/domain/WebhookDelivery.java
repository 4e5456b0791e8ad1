package dev.threadline.domain;

import java.util.List;

/**
 * What one signed webhook POST from Meta carried, after parsing every {@code entry[] x changes[]}.
 *
 * @param messages the inbound customer messages, in payload order
 * @param statuses outbound status updates (sent/delivered/read/failed); acknowledged, not queued
 * @param otherChanges changes for fields other than {@code messages}; acknowledged and ignored
 * @param errors {@code value.errors[]} items (account-level problems reported by Meta)
 * @param rejected message items that can never be processed (no id, no sender, bad timestamp)
 */
public record WebhookDelivery(
        List<InboundMessage> messages, int statuses, int otherChanges, int errors, int rejected) {

    public WebhookDelivery {
        messages = List.copyOf(messages);
    }
}
