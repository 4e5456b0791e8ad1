package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.blank;
import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the Webhook executions of one request (erpnext.md §10.2): on each document event, every enabled
 * Webhook for that doctype and event whose condition holds on the document at that moment; one per
 * (Webhook, document name), the last state winning. They go to the sender once the request's
 * transaction commits; a request that fails sends nothing. Runs under the site's lock.
 */
final class WebhookQueue {

    private final Site site;
    private final Webhooks sender;
    /** This transaction's executions; null outside one that fired anything. */
    private Map<String, WebhookDelivery> pending;

    WebhookQueue(Site site, Webhooks sender) {
        this.site = site;
        this.sender = sender;
    }

    void fire(DocEvent event, DocType meta, ObjectNode doc) {
        for (ObjectNode hook : site.table(StandardDoctypes.WEBHOOK).values()) {
            if (Values.cint(hook.get("enabled")) == 0 || !meta.name().equals(text(hook, "webhook_doctype"))
                    || !event.frappeName.equals(text(hook, "webhook_docevent")) || !holds(hook, meta, doc)) {
                continue;
            }
            String hookName = text(hook, "name");
            String secret = site.password(StandardDoctypes.WEBHOOK, hookName, "webhook_secret").orElse("");
            batch().put(hookName + "/" + text(doc, "name"), new WebhookDelivery(hook.deepCopy(), secret, doc.deepCopy()));
        }
    }

    private Map<String, WebhookDelivery> batch() {
        if (pending == null) {
            Map<String, WebhookDelivery> batch = new LinkedHashMap<>();
            pending = batch;
            site.atEnd(() -> pending = null);
            site.afterCommit(() -> sender.submit(List.copyOf(batch.values())));
        }
        return pending;
    }

    /** The condition on the document now; one that no longer parses (a field removed since) does not hold. */
    private static boolean holds(ObjectNode hook, DocType meta, ObjectNode doc) {
        String condition = text(hook, "condition");
        if (blank(condition)) {
            return true;
        }
        try {
            return PythonCondition.parse(condition, meta.attributes()).test(doc);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
