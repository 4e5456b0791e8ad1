package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Webhook execution after commit: the Webhook as it was, its secret, and the document's state to send. */
record WebhookDelivery(ObjectNode webhook, String secret, ObjectNode doc) {}
