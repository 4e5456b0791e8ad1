package dev.threadline.adapter.whatsapp;

import static dev.threadline.adapter.whatsapp.MessageContents.text;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.ReplyCallback;
import dev.threadline.domain.WebhookDelivery;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a WhatsApp Cloud API webhook body (whatsapp.md §2) into a
 * {@link WebhookDelivery}, visiting every {@code entry[] x changes[] x messages[]}; many
 * integrations read only the first of each and silently lose the rest.
 *
 * <p>A body that is not a JSON object is rejected as a whole ({@link MalformedWebhookException}).
 * Inside a well-formed body, a message item that can never be processed (no id, no sender, no
 * business number, bad timestamp) is counted as rejected and skipped, so that it does not hold the
 * other messages of the same POST hostage to Meta's retries. A change for a business number that is
 * not ours ({@link BusinessNumbers}) is counted as foreign and read no further.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.INTAKE)
public class WebhookParser {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookParser.class);

    private final ObjectMapper json;
    private final BusinessNumbers numbers;

    public WebhookParser(ObjectMapper json, BusinessNumbers numbers) {
        this.json = json;
        this.numbers = numbers;
    }

    public WebhookDelivery parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new MalformedWebhookException("body is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedWebhookException("body is not a JSON object", null);
        }
        List<InboundMessage> messages = new ArrayList<>();
        int statuses = 0;
        List<WebhookDelivery.ReplyStatus> replyStatuses = new ArrayList<>();
        int other = 0;
        List<WebhookDelivery.MetaError> errors = new ArrayList<>();
        List<CustomerError> customerErrors = new ArrayList<>();
        int foreign = 0;
        int rejected = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                if (!"messages".equals(change.path("field").asText())) {
                    other++;
                    continue;
                }
                String phoneNumberId = text(value.path("metadata"), "phone_number_id");
                if (!numbers.ours(phoneNumberId)) {
                    foreign += MetaErrors.items(value);
                    continue;
                }
                statuses += value.path("statuses").size();
                errors.addAll(MetaErrors.in(value));
                for (JsonNode status : value.path("statuses")) {
                    WebhookDelivery.ReplyStatus ours = toReplyStatus(phoneNumberId, status);
                    if (ours != null) {
                        replyStatuses.add(ours);
                    } else {
                        MetaErrors.customerError(phoneNumberId, status).ifPresent(customerErrors::add);
                    }
                }
                for (JsonNode message : value.path("messages")) {
                    InboundMessage parsed = toMessage(phoneNumberId, value.path("contacts"), message);
                    if (parsed == null) {
                        rejected++;
                    } else {
                        messages.add(parsed);
                    }
                }
            }
        }
        return new WebhookDelivery(messages, statuses, replyStatuses, other, errors, rejected, customerErrors, foreign);
    }

    /** A status of a message Threadline sent (it carries our callback data), else {@code null}. */
    private static WebhookDelivery.ReplyStatus toReplyStatus(String phoneNumberId, JsonNode status) {
        ReplyCallback callback = ReplyCallback.parse(text(status, "biz_opaque_callback_data"));
        String wamid = text(status, "id");
        String state = text(status, "status");
        Instant at = epochSeconds(text(status, "timestamp"));
        if (callback == null || wamid == null || state == null || at == null) {
            return null;
        }
        WebhookDelivery.MetaError error = MetaErrors.error(status.path("errors").path(0));
        return new WebhookDelivery.ReplyStatus(phoneNumberId, wamid, state, at, callback, error.code(), error.title());
    }

    private InboundMessage toMessage(String phoneNumberId, JsonNode contacts, JsonNode message) {
        String id = text(message, "id");
        String type = text(message, "type");
        String from = text(message, "from");
        String fromUserId = text(message, "from_user_id");
        JsonNode contact = contactFor(contacts, from, fromUserId);
        String userId = fromUserId != null ? fromUserId : text(contact, "user_id");
        String phone = from != null ? from : text(contact, "wa_id");
        Instant sentAt = epochSeconds(text(message, "timestamp"));
        String user = userId != null ? userId : phone;
        if (id == null || type == null || user == null || phoneNumberId == null || sentAt == null) {
            // Only the shape is logged: the item may hold a phone number or text.
            LOG.warn("rejected message item: id={} type={} sender={} businessNumber={} timestamp={}",
                    id != null, type != null, user != null, phoneNumberId != null, sentAt != null);
            return null;
        }
        return new InboundMessage(
                id,
                new CustomerKey(phoneNumberId, user),
                phone,
                userId,
                text(contact.path("profile"), "username"),
                text(contact.path("profile"), "name"),
                sentAt,
                type,
                MessageContents.of(type, message),
                text(message.path("context"), "id"),
                write(message));
    }

    /** The contact describing this sender; Meta sends one per sender, matched by user id or wa_id. */
    private static JsonNode contactFor(JsonNode contacts, String from, String fromUserId) {
        for (JsonNode contact : contacts) {
            boolean sameUser = fromUserId != null && fromUserId.equals(text(contact, "user_id"));
            boolean samePhone = from != null && from.equals(text(contact, "wa_id"));
            if (sameUser || samePhone) {
                return contact;
            }
        }
        return contacts.size() == 1 ? contacts.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static Instant epochSeconds(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    /** The signed body is not a WhatsApp webhook payload at all. Answered with 400. */
    public static final class MalformedWebhookException extends RuntimeException {
        public MalformedWebhookException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
