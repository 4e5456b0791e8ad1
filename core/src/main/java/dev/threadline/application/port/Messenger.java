package dev.threadline.application.port;

import java.util.Map;

/**
 * Sends messages to a customer on WhatsApp (Meta's Cloud API in production;
 * docs/contracts/whatsapp.md §5–6). WhatsApp has no idempotency key, so every call may deliver a message: callers record their
 * intent before calling and never repeat a call whose outcome is {@link SendResult.Unknown}.
 */
public interface Messenger {

    /**
     * Sends free-form text; WhatsApp accepts it only inside the 24-hour customer-service window.
     *
     * @param callbackData echoed by Meta in the status webhooks of this message ({@code
     *     biz_opaque_callback_data}, at most 512 characters), so they can be tied to the reply
     * @throws MessengerUnavailableException when Meta answered that it did not take the message but
     *     a later try may succeed (rate limits, temporary errors); nothing was sent
     */
    SendResult sendText(Recipient to, String body, String callbackData);

    /**
     * Sends the deploy's approved re-engagement template, which asks the customer to reply (the only
     * kind of message WhatsApp allows outside the window).
     *
     * @param values the values the template's configured parameters are filled from, by name (for
     *     example {@code ticket}); names the configuration does not use are ignored
     * @throws MessengerUnavailableException as for {@link #sendText}
     */
    SendResult sendTemplate(Recipient to, Map<String, String> values, String callbackData);

    /**
     * Who to send to.
     *
     * @param phoneNumberId the business number to send from (the one the customer wrote to)
     * @param phone the customer's phone digits, as WhatsApp's {@code wa_id}
     */
    record Recipient(String phoneNumberId, String phone) {
        @Override
        public String toString() {
            return "Recipient[" + phoneNumberId + "]"; // never the phone
        }
    }

    /** What Meta answered. */
    sealed interface SendResult {
        /** Meta accepted the message (not yet delivered: that comes through status webhooks). */
        record Accepted(String wamid) implements SendResult {}

        /**
         * Meta answered with an error that retrying will not fix; nothing was sent.
         *
         * @param code Meta's error code, e.g. 131047 (outside the window) or 131026 (undeliverable)
         * @param reason a short, data-free explanation for the ticket and the team
         */
        record Refused(int code, String reason) implements SendResult {
            /** 131047, or the legacy 470: the customer has not written in the last 24 hours. */
            public boolean outsideWindow() {
                return code == 131047 || code == 470;
            }
        }

        /**
         * No usable answer (timeout, a gateway error without Meta's error body): the message may or may
         * not have been accepted, so it must not be sent again.
         */
        record Unknown(String reason) implements SendResult {}
    }

    /** Meta did not take the message, and said a later try may succeed. Nothing was sent. */
    class MessengerUnavailableException extends RuntimeException {
        public MessengerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
