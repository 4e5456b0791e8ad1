package dev.threadline.application;

import dev.threadline.domain.Content;
import java.util.Locale;
import java.util.Map;

/**
 * The name a customer's file gets on the ticket: {@code wa-<media id>-<their file name, or kind.ext>}.
 * It is deterministic, so a repeated upload after a crash can be found by name (erpnext.md §17.2); it is
 * reduced to letters, digits, dot, dash and underscore, because Frappe drops {@code /} from names and
 * the name becomes a path on the ERPNext server.
 */
final class MediaFileName {

    static final int MAX_LENGTH = 120;
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"), Map.entry("image/webp", "webp"),
            Map.entry("application/pdf", "pdf"), Map.entry("audio/ogg", "ogg"), Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/mp4", "m4a"), Map.entry("audio/aac", "aac"), Map.entry("audio/amr", "amr"),
            Map.entry("video/mp4", "mp4"), Map.entry("video/3gpp", "3gp"), Map.entry("text/plain", "txt"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.ms-powerpoint", "ppt"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            Map.entry("application/vnd.oasis.opendocument.text", "odt"),
            Map.entry("application/vnd.oasis.opendocument.spreadsheet", "ods"));

    private MediaFileName() {}

    static String of(Content.Media media) {
        String extension = extension(media.mimeType());
        String given = media.fileName() == null ? "" : safe(media.fileName());
        String tail;
        if (given.replace(".", "").replace("_", "").isEmpty()) {
            tail = (media.voice() ? "voice" : safe(media.kind())) + (extension == null ? "" : "." + extension);
        } else {
            tail = given.contains(".") || extension == null ? given : given + "." + extension;
        }
        String name = "wa-" + safe(media.mediaId()) + "-" + tail;
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        return name.substring(0, MAX_LENGTH - ext.length()) + ext;
    }

    /** The usual extension of a MIME type (parameters ignored), or {@code null}. */
    static String extension(String mimeType) {
        if (mimeType == null) {
            return null;
        }
        int semicolon = mimeType.indexOf(';');
        return EXTENSIONS.get((semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT));
    }

    private static String safe(String text) {
        String replaced = text.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        return replaced.length() > MAX_LENGTH ? replaced.substring(replaced.length() - MAX_LENGTH) : replaced;
    }
}
