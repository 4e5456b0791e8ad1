package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.blank;
import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * The Webhook controller's {@code validate} (erpnext.md §10.1, Frappe's {@code webhook.py}): a doc event
 * the doctype supports, a condition that evaluates, a request URL with a host, one structure's body
 * only, no field twice, a secret when security is on. Where Frappe renders Jinja ({@code
 * webhook_json}, {@code is_dynamic_url}) the fake cannot, and refuses the Webhook instead of
 * sending something else.
 */
final class WebhookRules {

    private WebhookRules() {}

    static void validate(Site site, ObjectNode doc) {
        String doctype = text(doc, "webhook_doctype");
        String event = text(doc, "webhook_docevent");
        if (!blank(event) && DocEvent.of(event).isEmpty()) {
            throw FrappeException.validation("DocType must be Submittable for the selected Doc Event");
        }
        String condition = text(doc, "condition");
        if (!blank(condition) && !blank(doctype) && site.hasDoctype(doctype)) {
            checkCondition(site.meta(doctype), condition);
        }
        String url = text(doc, "request_url");
        if (!blank(url) && !hasHost(url)) {
            throw FrappeException.validation("Check Request URL");
        }
        if (Values.cint(doc.get("is_dynamic_url")) != 0) {
            throw FrappeException.validation("ErpNextFake cannot render a dynamic (Jinja) request_url; use a fixed URL");
        }
        if ("JSON".equals(text(doc, "request_structure"))) {
            throw FrappeException.validation("ErpNextFake cannot render webhook_json (a Jinja template); use"
                    + " request_structure \"Form URL-Encoded\" with webhook_data rows");
        }
        doc.putNull("webhook_json"); // the structure is built from webhook_data, so the template is dropped
        Set<String> seen = new HashSet<>();
        for (JsonNode row : doc.path("webhook_data")) {
            if (!seen.add(row.path("fieldname").asText())) {
                throw FrappeException.validation("Same Field is entered more than once");
            }
        }
        if (Values.cint(doc.get("enable_security")) != 0 && blank(text(doc, "webhook_secret"))) {
            throw FrappeException.validation("Invalid Webhook Secret");
        }
    }

    /** Frappe evaluates the condition on an empty document of the doctype; the fake parses it the same way. */
    private static void checkCondition(DocType meta, String condition) {
        try {
            PythonCondition.parse(condition, meta.attributes());
        } catch (IllegalArgumentException e) {
            throw FrappeException.validation("Invalid Condition: ErpNextFake cannot evaluate " + condition + " ("
                    + e.getMessage() + "). It understands " + PythonCondition.SUPPORTED);
        }
    }

    private static boolean hasHost(String url) {
        try {
            return URI.create(url.strip()).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
