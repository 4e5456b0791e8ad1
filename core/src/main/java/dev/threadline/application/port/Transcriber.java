package dev.threadline.application.port;

/** Speech to text for voice notes, off unless configured ({@code TRANSCRIBE_BASE_URL}). */
public interface Transcriber {

    /**
     * The words spoken in {@code audio}.
     *
     * @param contentType the audio's MIME type, e.g. {@code audio/ogg}
     * @param fileName a name with the matching extension; transcription servers pick the decoder by it
     * @throws TranscriptionFailedException for any failure; the voice note then stays untranscribed
     */
    String transcribe(byte[] audio, String contentType, String fileName);

    /** The server did not transcribe (unreachable, refused, no text); the reason never holds audio or text. */
    class TranscriptionFailedException extends RuntimeException {
        public TranscriptionFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
