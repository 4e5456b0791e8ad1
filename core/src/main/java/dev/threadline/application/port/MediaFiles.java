package dev.threadline.application.port;

/**
 * Files customers send on WhatsApp, fetched from Meta by media id (whatsapp.md §7). Media ids from
 * webhooks stay downloadable for 7 days, so a file is copied to the ticket soon after it arrives.
 */
public interface MediaFiles {

    /**
     * Downloads one file sent to business number {@code phoneNumberId}.
     *
     * @throws MediaFailure when the file cannot be had; {@link MediaFailure#retryable()} says whether
     *     asking again soon may succeed
     */
    Media fetch(String phoneNumberId, String mediaId);

    /**
     * A downloaded file.
     *
     * @param contentType the MIME type without parameters, e.g. {@code audio/ogg}
     */
    record Media(byte[] bytes, String contentType, long size) {}

    /**
     * Why a file could not be fetched, in a short reason an agent can read on the ticket (it never
     * holds the file's content, a URL or the token), e.g. {@code too large: 31 MB > 16 MB cap}.
     */
    class MediaFailure extends RuntimeException {
        private final boolean retryable;

        private MediaFailure(String reason, boolean retryable, Throwable cause) {
            super(reason, cause);
            this.retryable = retryable;
        }

        /** Worth another attempt: Meta was unreachable, overloaded or rate-limiting. */
        public static MediaFailure retryable(String reason, Throwable cause) {
            return new MediaFailure(reason, true, cause);
        }

        /** Asking again will not help: too large, a type not allowed, expired or gone, refused. */
        public static MediaFailure fatal(String reason) {
            return new MediaFailure(reason, false, null);
        }

        public static MediaFailure fatal(String reason, Throwable cause) {
            return new MediaFailure(reason, false, cause);
        }

        public boolean retryable() {
            return retryable;
        }

        public String reason() {
            return getMessage();
        }
    }
}
