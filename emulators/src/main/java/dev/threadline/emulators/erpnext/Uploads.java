package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.blank;
import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /api/method/upload_file} as Frappe's {@code handler.upload_file} and {@code File.save_file}
 * do it (erpnext.md §17): the multipart part's filename names the file; the content's MD5 is looked up
 * among the site's files of the same privacy, and a match only shares the stored bytes: a new File
 * document is inserted all the same. A new name that is taken on disk gets the hash's last six digits
 * (or random ones) before its extension. When the File is attached to a document, an "Attachment"
 * Comment is added on it, as {@code create_attachment_record} does. The answer is the File.
 */
final class Uploads {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Site site;
    private final Documents documents;

    Uploads(Site site, Documents documents) {
        this.site = site;
        this.documents = documents;
    }

    ObjectNode upload(Session session, Map<String, JsonNode> args) {
        JsonNode part = args.get("file");
        byte[] content = part != null && part.isObject() ? binary(part.get("content")) : null;
        String fileName = content != null ? text(part, "filename") : arg(args, "file_name");
        String fileUrl = arg(args, "file_url");
        if (blank(fileName) && blank(fileUrl)) {
            throw FrappeException.thrown(417, "MandatoryError", "Fields `file_name` or `file_url` must be set for File");
        }
        boolean isPrivate = Values.cint(args.get("is_private")) != 0;
        String doctype = arg(args, "doctype");
        ObjectNode values = JSON.objectNode()
                .put("file_name", fileName == null ? null : fileName.replace("/", ""))
                .put("is_private", isPrivate ? 1 : 0)
                .put("folder", blank(doctype) ? "Home" : "Home/Attachments")
                .put("attached_to_doctype", doctype)
                .put("attached_to_name", arg(args, "docname"))
                .put("attached_to_field", arg(args, "fieldname"));
        if (content != null) {
            String hash = md5(content);
            String shared = site.table(StandardDoctypes.FILE).values().stream()
                    .filter(f -> hash.equals(text(f, "content_hash")) && Values.cint(f.get("is_private")) == (isPrivate ? 1 : 0)
                            && site.files().exists(text(f, "file_url")))
                    .map(f -> text(f, "file_url")).findFirst().orElse(null);
            if (shared == null) {
                String name = freeName(text(values, "file_name"), hash.substring(hash.length() - 6), isPrivate);
                values.put("file_name", name);
                fileUrl = folder(isPrivate) + name;
            } else {
                fileUrl = shared;
            }
            values.put("content_hash", hash).put("file_size", content.length);
        }
        values.put("file_url", fileUrl);
        ObjectNode file = documents.insert(session, StandardDoctypes.FILE, values, false);
        if (content != null && !site.files().exists(fileUrl)) {
            site.files().put(fileUrl, content);
        }
        attachmentComment(session, file);
        return Api.withoutNulls(file);
    }

    /** {@code generate_file_name}: the name if free, else with the suffix before the extension, else a random one. */
    private String freeName(String name, String suffix, boolean isPrivate) {
        if (!site.files().exists(folder(isPrivate) + name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String candidate = stem + suffix + extension;
        return site.files().exists(folder(isPrivate) + candidate)
                ? freeName(name, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6), isPrivate)
                : candidate;
    }

    private void attachmentComment(Session session, ObjectNode file) {
        String doctype = text(file, "attached_to_doctype");
        String name = text(file, "attached_to_name");
        if (blank(doctype) || blank(name) || site.find(doctype, name).isEmpty()) {
            return; // Frappe swallows DoesNotExistError here
        }
        String lock = Values.cint(file.get("is_private")) != 0 ? " <i class=\"fa fa-lock text-warning\"></i>" : "";
        documents.insert(session, StandardDoctypes.COMMENT, JSON.objectNode()
                .put("comment_type", "Attachment")
                .put("reference_doctype", doctype)
                .put("reference_name", name)
                .put("comment_email", session.user())
                .put("comment_by", session.user())
                .put("content", "Added <a href='" + Html.escape(text(file, "file_url")) + "' target='_blank'>"
                        + Html.escape(text(file, "file_name")) + "</a>" + lock), true);
    }

    private static String folder(boolean isPrivate) {
        return isPrivate ? "/private/files/" : "/files/";
    }

    private static String arg(Map<String, JsonNode> args, String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node == null ? null : node.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
