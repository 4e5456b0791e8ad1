package dev.threadline.adapter.erpnext;

import dev.threadline.application.port.Helpdesk;
import java.util.List;

/**
 * ERPNext refused a request for a reason retrying will not fix (erpnext.md §5.3): 400, 401, 403,
 * 404, 409, 410, 415, a 417 other than the ones the adapter resolves itself, a 500 other than a
 * deadlock or lock timeout, a redirect, or a success without a JSON body. The message reads
 * "{@code <operation>: HTTP <status> <exc_type>: <decoded _server_messages>}", fit for a dead-letter
 * reason. It may quote values ERPNext echoes back (a subject, an idempotency key), so log {@link
 * #status()} and {@link #excType()} rather than the message.
 */
public final class ErpNextRejection extends Helpdesk.PermanentHelpdeskException {

    private final int status;
    private final String excType;
    private final List<String> serverMessages;

    ErpNextRejection(String operation, int status, String excType, List<String> serverMessages, String detail) {
        super(describe(operation, status, excType, serverMessages, detail), null);
        this.status = status;
        this.excType = excType;
        this.serverMessages = List.copyOf(serverMessages);
    }

    /** The HTTP status, e.g. 417. */
    public int status() {
        return status;
    }

    /** Frappe's exception class name, e.g. {@code LinkValidationError}; {@code null} if the body had none. */
    public String excType() {
        return excType;
    }

    /** The decoded {@code _server_messages} (and {@code _error_message}), HTML stripped. */
    public List<String> serverMessages() {
        return serverMessages;
    }

    boolean is(int expectedStatus, String expectedExcType) {
        return status == expectedStatus && expectedExcType.equals(excType);
    }

    private static String describe(String operation, int status, String excType, List<String> messages, String detail) {
        StringBuilder s = new StringBuilder(operation).append(": HTTP ").append(status);
        if (excType != null) {
            s.append(' ').append(excType);
        }
        if (!messages.isEmpty()) {
            s.append(": ").append(String.join(" | ", messages));
        } else if (detail != null && !detail.isBlank()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }
}
