package dev.threadline.emulators.erpnext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Frappe exception as the fake raises it: the HTTP status of the exception class, its name
 * ({@code exc_type}), the text of its args (the {@code exception} line), and the messages that
 * {@code msgprint}/{@code frappe.throw} queued before it was raised ({@code _server_messages}).
 * {@link ErrorBody} turns it into the response body (erpnext.md §5.1).
 */
final class FrappeException extends RuntimeException {

    /** Python module of Frappe's own exceptions, for the {@code exception} line. */
    static final String FRAPPE = "frappe.exceptions";

    final int status;
    final String excType;
    final String module;
    final String args;
    final List<Map<String, Object>> messages;
    final String errorMessage;
    /** Whether v14 would report {@code exc_type}: only for raises through throw/msgprint (erpnext.md §12). */
    final boolean viaMsgprint;

    private FrappeException(int status, String excType, String module, String args,
                            List<Map<String, Object>> messages, String errorMessage, boolean viaMsgprint) {
        super(excType + ": " + args);
        this.status = status;
        this.excType = excType;
        this.module = module;
        this.args = args;
        this.messages = List.copyOf(messages);
        this.errorMessage = errorMessage;
        this.viaMsgprint = viaMsgprint;
    }

    /** {@code frappe.throw(message, exc)}: one red message that carries {@code raise_exception}. */
    static FrappeException thrown(int status, String excType, String message) {
        return thrown(status, excType, message, "Message");
    }

    static FrappeException thrown(int status, String excType, String message, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("title", title);
        m.put("indicator", "red");
        m.put("raise_exception", 1);
        m.put("__frappe_exc_id", UUID.randomUUID().toString().replace("-", ""));
        return new FrappeException(status, excType, FRAPPE, message, List.of(m), null, true);
    }

    /**
     * {@code msgprint(m)} for each message (no indicator), then {@code raise exc(args)}: how
     * MandatoryError and UniqueValidationError are reported.
     */
    static FrappeException afterMessages(int status, String excType, String args, List<String> plainMessages) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (String text : plainMessages) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", text);
            m.put("title", "Message");
            messages.add(m);
        }
        return new FrappeException(status, excType, FRAPPE, args, messages, null, true);
    }

    /** {@code msgprint(message, ...)} with a prepared message object, then {@code raise exc(args)}. */
    static FrappeException afterMessage(int status, String excType, String args, Map<String, Object> message) {
        return new FrappeException(status, excType, FRAPPE, args, List.of(message), null, true);
    }

    /** {@code raise exc} with no message at all (AuthenticationError, QueryDeadlockError...). */
    static FrappeException bare(int status, String excType, String args) {
        return new FrappeException(status, excType, FRAPPE, args, List.of(), null, false);
    }

    /** A permission failure that sets {@code frappe.flags.error_message} ({@code _error_message}). */
    static FrappeException permission(String errorMessage) {
        return new FrappeException(403, "PermissionError", FRAPPE, "", List.of(), errorMessage, false);
    }

    /** A plain Python exception (TypeError, JSONDecodeError): always HTTP 500. */
    static FrappeException python(String module, String excType, String args) {
        return new FrappeException(500, excType, module, args, List.of(), null, false);
    }

    static FrappeException notFound(String message) {
        return thrown(404, "DoesNotExistError", message);
    }

    /** An unknown {@code /api} route: werkzeug's NotFound re-raised as a bare DoesNotExistError (erpnext.md §1). */
    static FrappeException routeNotFound() {
        return bare(404, "DoesNotExistError", "");
    }

    static FrappeException validation(String message) {
        return thrown(417, "ValidationError", message);
    }

    static FrappeException dataError(String field) {
        return thrown(417, "DataError", "Field not permitted in query: " + field);
    }

    static FrappeException jsonDecode(String problem) {
        return python("json.decoder", "JSONDecodeError", problem);
    }

    /** The {@code exception} line: last line of the Python traceback. */
    String exceptionLine() {
        String name = module.isEmpty() ? excType : module + "." + excType;
        return args.isEmpty() ? name : name + ": " + args;
    }
}
