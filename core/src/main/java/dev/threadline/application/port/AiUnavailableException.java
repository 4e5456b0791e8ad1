package dev.threadline.application.port;

/**
 * An AI port could not give a valid answer: timeout, transport or HTTP error, or output that failed
 * validation. Always handled by the use case's fallback policy; never fails a message.
 */
public class AiUnavailableException extends RuntimeException {

    /** A short, data-free reason for the audit log and metrics, e.g. "timeout", "unparseable". */
    private final String reason;

    public AiUnavailableException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
