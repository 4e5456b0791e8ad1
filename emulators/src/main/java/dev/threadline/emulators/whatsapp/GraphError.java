package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A Graph API error as Meta answers it (whatsapp.md §6): {@code {"error":{"message","type","code",
 * "error_data":{"messaging_product","details"},"fbtrace_id"}}}. The HTTP status travels separately,
 * because Meta's clients are told to decide by {@code error.code}, not by the status.
 *
 * @param code Meta's error code
 * @param httpStatus the status the emulator answers it with
 * @param title the short title Meta uses in {@code message} ("(#code) title") and in status errors
 * @param details {@code error_data.details}
 */
public record GraphError(int code, int httpStatus, String title, String details) {

    private static final String HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

    /** Titles and default HTTP statuses of the codes the emulator produces; others get a generic title and 400. */
    private static final Map<Integer, GraphError> KNOWN = Map.ofEntries(
            known(0, 401, "AuthException", "We were unable to authenticate the app user."),
            known(190, 401, "Invalid OAuth access token - Cannot parse access token", "The access token is invalid or expired."),
            known(1, 500, "API Unknown", "Invalid request or possible server error."),
            known(2, 503, "API Service", "Temporary due to downtime or due to being overloaded."),
            known(4, 400, "API Too Many Calls", "The app has reached its API call rate limit."),
            known(80007, 400, "Rate limit issues", "The WhatsApp Business Account has reached its rate limit."),
            known(100, 400, "Invalid parameter", "A parameter is invalid or missing."),
            known(130429, 400, "Rate limit hit", "Cloud API message throughput has been reached."),
            known(131000, 500, "Something went wrong", "Message failed to send due to an unknown error."),
            known(131016, 503, "Service unavailable", "A service is temporarily unavailable."),
            known(131026, 400, "Message Undeliverable", "Unable to deliver message."),
            known(131047, 400, "Re-engagement message",
                    "More than 24 hours have passed since the recipient last replied to the sender number."),
            known(131049, 400, "This message was not delivered to maintain healthy ecosystem engagement.",
                    "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."),
            known(131056, 400, "(Business Account, Consumer Account) pair rate limit hit",
                    "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time."),
            known(131057, 503, "Account in maintenance mode", "Business Account is in maintenance mode."),
            known(132000, 400, "Number of parameters does not match the expected number of params",
                    "The number of variable parameter values does not match the number of variables in the template."),
            known(132001, 404, "Template name does not exist in the translation",
                    "The template does not exist in the specified language or has not been approved."));

    private static Map.Entry<Integer, GraphError> known(int code, int status, String title, String details) {
        return Map.entry(code, new GraphError(code, status, title, details));
    }

    /** Meta's error for {@code code} with its usual HTTP status. */
    public static GraphError of(int code) {
        GraphError known = KNOWN.get(code);
        return known != null ? known : new GraphError(code, 400, "Error " + code, "Injected error " + code + ".");
    }

    /** Meta's error for {@code code}, answered with {@code httpStatus} instead of the usual one. */
    public static GraphError of(int code, int httpStatus) {
        GraphError e = of(code);
        return new GraphError(code, httpStatus, e.title(), e.details());
    }

    /** The same error with other details (what Meta says about this request). */
    GraphError withDetails(String value) {
        return new GraphError(code, httpStatus, title, value);
    }

    /** The synchronous answer body. */
    ObjectNode responseBody(String fbtraceId) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", "(#" + code + ") " + title);
        error.put("type", "OAuthException"); // Meta uses it for WhatsApp errors, not only for auth
        error.put("code", code);
        ObjectNode data = error.putObject("error_data");
        data.put("messaging_product", "whatsapp");
        data.put("details", details);
        error.put("fbtrace_id", fbtraceId);
        return root;
    }

    /** The item of a failed status's {@code errors[]} (whatsapp.md §2.6). */
    ObjectNode statusError() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code);
        error.put("title", title);
        error.put("message", title);
        error.putObject("error_data").put("details", details);
        error.put("href", HREF);
        return error;
    }
}
