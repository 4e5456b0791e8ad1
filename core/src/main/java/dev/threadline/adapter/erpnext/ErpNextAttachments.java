package dev.threadline.adapter.erpnext;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.adapter.MultipartForm;
import dev.threadline.application.port.Helpdesk.Attachment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files on an Issue through Frappe's {@code upload_file} and the File doctype (erpnext.md §17).
 *
 * <p>An upload is not idempotent: Frappe recognises the same content only to share the stored bytes,
 * and still inserts a second File document (erpnext.md §17.2). So a file's name is deterministic (the
 * caller puts the WhatsApp media id in it), and whether it is attached already is a File list query
 * on {@code attached_to_doctype}, {@code attached_to_name} and {@code file_name}. A failed upload is
 * repeated by {@link FrappeClient} only after that query says it did not land, as appends are.
 */
final class ErpNextAttachments {

    private static final Logger LOG = LoggerFactory.getLogger(ErpNextAttachments.class);

    private final FrappeClient client;

    ErpNextAttachments(FrappeClient client) {
        this.client = client;
    }

    /** The File's {@code file_url} (a {@code /private/files/...} path). */
    String attach(String ticketId, Attachment attachment) {
        // The multipart part's filename is the one Frappe keeps; a file_name field would be overridden by it.
        MultipartForm form = new MultipartForm()
                .field("is_private", "1")
                .field("doctype", "Issue")
                .field("docname", ticketId)
                .file("file", attachment.fileName(), attachment.contentType(), attachment.bytes());
        Deadline deadline = client.deadline();
        JsonNode answer = client.send(FrappeCall.upload(FrappeCall.method("upload_file"), form), deadline,
                () -> has(ticketId, attachment.fileName(), deadline));
        LOG.info("erpnext file attached", kv("issue", ticketId), kv("bytes", attachment.bytes().length),
                kv("content_type", attachment.contentType()));
        // null: an earlier attempt landed after all (FrappeClient's check), so the path is Frappe's usual one.
        return answer == null ? "/private/files/" + attachment.fileName()
                : answer.path("message").path("file_url").asText("/private/files/" + attachment.fileName());
    }

    boolean has(String ticketId, String fileName) {
        return has(ticketId, fileName, client.deadline());
    }

    private boolean has(String ticketId, String fileName, Deadline deadline) {
        return client.exists("File", "attached_to", ticketId, "file_name", "=", fileName, deadline);
    }
}
