package dev.threadline.adapter.sqs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.domain.Content;
import java.util.List;

/**
 * {@link Content} in a queued job: one flat object with a {@code kind}, so the job stays readable in
 * the queue console. A job written before content existed has none; {@link #legacy} rebuilds it from the
 * fields such jobs carried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ContentJob(String kind, String text, String mediaKind, String mediaId, String mimeType, String fileName,
                  Boolean voice, String transcript, Double latitude, Double longitude, String name, String address,
                  String url, List<Content.Contacts.Card> cards, String messageId) {

    static ContentJob of(Content content) {
        return switch (content) {
            case Content.Said s -> new ContentJob("said", s.text(), null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
            case Content.Media m -> new ContentJob("media", m.caption(), m.kind(), m.mediaId(), m.mimeType(), m.fileName(),
                    m.voice() ? Boolean.TRUE : null, m.transcript(), null, null, null, null, null, null, null);
            case Content.Location l -> new ContentJob("location", null, null, null, null, null, null, null, l.latitude(),
                    l.longitude(), l.name(), l.address(), l.url(), null, null);
            case Content.Contacts c -> new ContentJob("contacts", null, null, null, null, null, null, null, null, null, null,
                    null, null, c.cards(), null);
            case Content.Reaction r -> new ContentJob("reaction", r.emoji(), null, null, null, null, null, null, null, null, null,
                    null, null, null, r.messageId());
            case Content.IdentityChanged i -> new ContentJob("identity", null, null, null, null, null, null, null, null, null,
                    i.newPhone(), null, null, null, i.newUserId());
            case Content.Unshown u -> new ContentJob("unshown", u.kind(), null, null, null, null, null, null, null, null, null,
                    null, null, null, null);
        };
    }

    Content content() {
        return switch (kind) {
            case "said" -> new Content.Said(text);
            case "media" -> new Content.Media(mediaKind, mediaId, mimeType, fileName, text, Boolean.TRUE.equals(voice), transcript);
            case "location" -> new Content.Location(latitude, longitude, name, address, url);
            case "contacts" -> new Content.Contacts(cards);
            case "reaction" -> new Content.Reaction(text, messageId);
            case "identity" -> new Content.IdentityChanged(name, messageId);
            case "unshown" -> new Content.Unshown(text);
            default -> throw new IllegalArgumentException("unknown content kind " + kind);
        };
    }

    /** The {@code text} a job carried before content existed: body, caption, tapped title or emoji. */
    static String legacyText(Content content) {
        return switch (content) {
            case Content.Said s -> s.text();
            case Content.Media m -> m.caption();
            case Content.Reaction r -> r.emoji();
            default -> null;
        };
    }

    /** The content of a job written before jobs carried it: text, media ids and the type were all there was. */
    static Content legacy(String type, String text, List<String> mediaIds) {
        boolean media = mediaIds != null && !mediaIds.isEmpty();
        return switch (type) {
            case "image", "video", "audio", "document", "sticker" -> media
                    ? new Content.Media(type, mediaIds.get(0), null, null, text, false, null) : new Content.Unshown(type);
            case "reaction" -> new Content.Reaction(text, null);
            case "text", "button", "interactive" -> new Content.Said(text);
            default -> text == null ? new Content.Unshown(type) : new Content.Said(text);
        };
    }
}
