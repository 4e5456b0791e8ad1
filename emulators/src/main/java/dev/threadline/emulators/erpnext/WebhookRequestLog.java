package dev.threadline.emulators.erpnext;

import java.util.Map;

/**
 * One delivery attempt, as Frappe's Webhook Request Log records it (erpnext.md §10.3).
 *
 * @param webhook the Webhook's name, e.g. {@code HOOK-0001}
 * @param headers exactly the headers sent, signature included
 * @param data the body as sent (or as it would have been, when nothing went out)
 * @param sent whether the request left the fake (an injected connection error sends nothing)
 * @param status the HTTP status, or 0 when there was no answer
 * @param error empty on success; otherwise what failed, e.g. {@code ReadTimeout}, {@code HTTPError: 503}
 * @param attempt 1 to 3
 */
public record WebhookRequestLog(String webhook, String referenceDoctype, String referenceDocument, String url,
                                Map<String, String> headers, String data, boolean sent, int status, String response,
                                String error, int attempt) {

    public boolean succeeded() {
        return error.isEmpty();
    }
}
