package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.MediaFiles;
import dev.threadline.application.port.MediaFiles.MediaFailure;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Transcriber;
import dev.threadline.application.port.Transcriber.TranscriptionFailedException;
import dev.threadline.config.Functions;
import dev.threadline.domain.Content;
import dev.threadline.domain.InboundMessage;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the words of voice notes into their messages before the turn is judged and written to the ticket
 * (opt-in: without a {@link Transcriber}, {@code TRANSCRIBE_BASE_URL} unset, messages pass unchanged).
 * A voice note that cannot be downloaded or transcribed stays as it was ("[voice note]") and is counted
 * as {@code TranscriptionFailed}; this never throws. The audio is attached to the ticket separately
 * ({@link AttachMedia}).
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class TranscribeVoice {

    /** All voice notes of one turn together. */
    static final Duration BUDGET = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(TranscribeVoice.class);

    private final Transcriber transcriber;
    private final MediaFetch fetch;
    private final Metrics metrics;
    private final Clock clock;

    @Inject
    public TranscribeVoice(Optional<Transcriber> transcriber, MediaFiles files, Metrics metrics, Clock clock) {
        this(transcriber.orElse(null), files, metrics, clock, duration -> Thread.sleep(duration));
    }

    TranscribeVoice(Transcriber transcriber, MediaFiles files, Metrics metrics, Clock clock, MediaFetch.Pause pause) {
        this.transcriber = transcriber;
        this.fetch = new MediaFetch(files, clock, pause);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The messages, each untranscribed voice note replaced by its transcribed copy where that worked. */
    public List<InboundMessage> transcribe(List<InboundMessage> messages) {
        if (transcriber == null) {
            return messages;
        }
        Instant deadline = clock.instant().plus(BUDGET);
        List<InboundMessage> out = new ArrayList<>(messages.size());
        long done = 0;
        long failed = 0;
        for (InboundMessage message : messages) {
            if (message.content() instanceof Content.Media media && media.voice() && media.transcript() == null) {
                try {
                    MediaFiles.Media audio = fetch.fetch(message.customer().phoneNumberId(), media.mediaId(), deadline);
                    String text = transcriber.transcribe(audio.bytes(), audio.contentType(), MediaFileName.of(media));
                    out.add(message.withContent(media.transcribed(text)));
                    done++;
                    continue;
                } catch (MediaFailure | TranscriptionFailedException e) {
                    LOG.warn("voice note left untranscribed", kv("message", message.messageId()), kv("reason", e.getMessage()));
                    failed++;
                }
            }
            out.add(message);
        }
        if (done + failed > 0) {
            metrics.counts(Map.of("VoiceTranscribed", done, "TranscriptionFailed", failed));
        }
        return List.copyOf(out);
    }
}
