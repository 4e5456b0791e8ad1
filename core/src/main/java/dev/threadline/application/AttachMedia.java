package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Helpdesk.Attachment;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.MediaFiles;
import dev.threadline.application.port.MediaFiles.MediaFailure;
import dev.threadline.application.port.Metrics;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the files of a turn's messages (images, documents, audio, video, stickers) from WhatsApp to the
 * ticket the turn was applied to, right after the ticket was opened or the post appended.
 *
 * <p><b>Exactly once.</b> The claimed effect stores only message ids, so a replay after a crash gets the
 * messages again from the queued job, and each file's name is deterministic ({@link MediaFileName}):
 * a file the helpdesk already has under that name is skipped. A transient helpdesk failure propagates,
 * so the turn is retried and finds what did land; every other failure is the file's alone.
 *
 * <p><b>Never loses the message.</b> The message text (which names the file) is on the ticket before
 * this runs. A file that cannot be had (too large, a type not allowed, expired, refused, or still failing
 * after {@link MediaFetch}'s retries) is counted as {@code MediaFailed} and named, with the reason, in one
 * internal note per call, written after every upload, so a retried turn repeats a note only if the note
 * itself failed. All of it within {@link #BUDGET}, so media never run a turn into the Lambda's timeout.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class AttachMedia {

    /** Downloads of one turn together; ERPNext's own calls are bounded by its call budget. */
    static final Duration BUDGET = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(AttachMedia.class);

    private final Helpdesk helpdesk;
    private final MediaFetch fetch;
    private final Metrics metrics;
    private final Clock clock;

    @Inject
    public AttachMedia(MediaFiles files, Helpdesk helpdesk, Metrics metrics, Clock clock) {
        this(files, helpdesk, metrics, clock, duration -> Thread.sleep(duration));
    }

    AttachMedia(MediaFiles files, Helpdesk helpdesk, Metrics metrics, Clock clock, MediaFetch.Pause pause) {
        this.helpdesk = new MeasuredHelpdesk(helpdesk, metrics);
        this.fetch = new MediaFetch(files, clock, pause);
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Attaches every file of {@code turnMessages} that the ticket does not have yet.
     *
     * @param recovering the effect is being finished after a failure (a crash, a released claim): only then
     *     can some files be there already, so only then is each looked up by name before its upload, as
     *     posts and notes are
     * @throws Helpdesk.TransientHelpdeskException when the helpdesk failed transiently: retry the turn
     */
    public void attach(String ticketId, String phoneNumberId, List<InboundMessage> turnMessages, boolean recovering) {
        Instant deadline = clock.instant().plus(BUDGET);
        List<String> failures = new ArrayList<>();
        long attached = 0;
        for (InboundMessage message : turnMessages) {
            if (!(message.content() instanceof Content.Media media)) {
                continue;
            }
            String fileName = MediaFileName.of(media);
            if (recovering && helpdesk.hasAttachment(ticketId, fileName)) {
                continue;
            }
            MediaFiles.Media file;
            try {
                file = fetch.fetch(phoneNumberId, media.mediaId(), deadline);
            } catch (MediaFailure failure) {
                failures.add(fileName + ": " + failure.reason());
                continue;
            }
            try {
                helpdesk.attach(ticketId, new Attachment(fileName, file.contentType(), file.bytes()));
                attached++;
            } catch (PermanentHelpdeskException refused) {
                failures.add(fileName + ": the helpdesk refused the file (" + refused.getMessage() + ")");
            }
        }
        if (!failures.isEmpty()) {
            note(ticketId, failures);
        }
        if (attached + failures.size() > 0) {
            metrics.counts(Map.of("MediaAttached", attached, "MediaFailed", (long) failures.size()));
            LOG.info("media copied to the ticket", kv("issue", ticketId), kv("attached", attached),
                    kv("failed", failures.size()), kv("recovering", recovering));
        }
    }

    private void note(String ticketId, List<String> failures) {
        StringBuilder text = new StringBuilder(failures.size() == 1
                ? "Threadline could not attach the customer's file from WhatsApp:"
                : "Threadline could not attach " + failures.size() + " of the customer's files from WhatsApp:");
        failures.forEach(f -> text.append("\n").append(f));
        text.append("\nThe message itself is on the ticket; ask the customer to send the file another way if it is needed.");
        try {
            helpdesk.addNote(ticketId, text.toString());
        } catch (PermanentHelpdeskException refused) {
            // The failure is counted (MediaFailed) and logged; a note the helpdesk refuses must not fail the turn.
            LOG.warn("media failure note refused", kv("issue", ticketId), kv("failed", failures.size()));
        }
    }
}
