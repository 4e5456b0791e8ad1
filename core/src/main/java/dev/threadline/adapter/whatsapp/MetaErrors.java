package dev.threadline.adapter.whatsapp;

import static dev.threadline.adapter.whatsapp.WebhookParser.epochSeconds;
import static dev.threadline.adapter.whatsapp.MessageContents.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.WebhookDelivery.MetaError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The errors Meta reports inside a {@code messages} change (whatsapp.md §2.6, §2.7), for {@link WebhookParser}. */
final class MetaErrors {

    private MetaErrors() {}

    /** Account-level errors and every status's errors: code and title only ({@code message} may quote a number). */
    static List<MetaError> in(JsonNode value) {
        List<MetaError> errors = new ArrayList<>();
        value.path("errors").forEach(e -> errors.add(error(e)));
        value.path("statuses").forEach(status -> status.path("errors").forEach(e -> errors.add(error(e))));
        return errors;
    }

    /** A change for a number that is not ours counts each of its items once. */
    static int items(JsonNode value) {
        return value.path("messages").size() + value.path("statuses").size() + value.path("errors").size();
    }

    /**
     * A {@code failed} status of a message Threadline did not send (ask only for a status without our
     * callback data) that names its recipient, keyed as the customer's messages are: by BSUID when the
     * status carries one ({@code recipient_user_id}, whatsapp.md §2.2), else by number.
     */
    static Optional<CustomerError> customerError(String phoneNumberId, JsonNode status) {
        String bsuid = text(status, "recipient_user_id");
        String user = bsuid != null ? bsuid : text(status, "recipient_id");
        Instant at = epochSeconds(text(status, "timestamp"));
        if (!"failed".equals(text(status, "status")) || user == null || phoneNumberId == null || at == null) {
            return Optional.empty();
        }
        MetaError first = error(status.path("errors").path(0));
        return Optional.of(new CustomerError(new CustomerKey(phoneNumberId, user), phoneNumberId, text(status, "id"),
                first.code(), first.title(), at));
    }

    /** One error's code and title: the first of a status's errors, or an account-level one. */
    static MetaError error(JsonNode error) {
        return new MetaError(error.path("code").isInt() ? error.path("code").asInt() : null, text(error, "title"));
    }
}
