package dev.threadline.config;

/**
 * The credentials, by the name they have everywhere: the key in the Secrets Manager secret on Lambda
 * ({@code SECRETS_ARN}), and the environment variable locally. {@link #property()} is the property the
 * functions' {@code application.properties} map that variable to, which the local stack and tests set.
 * A new credential is one more constant here and one more key in the secret (infra/DEPLOY.md step 2).
 */
public enum Secret {
    /** Meta's App Secret: keys the HMAC of every webhook POST. */
    WHATSAPP_APP_SECRET("threadline.whatsapp.app-secret"),
    /** The token typed into Meta's App Dashboard for the GET handshake. */
    WHATSAPP_VERIFY_TOKEN("threadline.whatsapp.verify-token"),
    /** The ERPNext API user's key and secret ({@code Authorization: token key:secret}). */
    ERPNEXT_API_KEY("threadline.erpnext.api-key"),
    ERPNEXT_API_SECRET("threadline.erpnext.api-secret"),
    /** Optional: the LLM server's bearer token. */
    LLM_API_KEY("threadline.llm.api-key"),
    /** Optional: the Mattermost incoming webhook; the URL itself is the credential. */
    MATTERMOST_WEBHOOK_URL("threadline.mattermost.webhook-url"),
    /** The Graph API system-user token that sends agents' replies on WhatsApp. */
    WHATSAPP_ACCESS_TOKEN("threadline.whatsapp.send.access-token"),
    /**
     * Optional: what ERPNext signs its webhooks with; {@code new,old} during a rotation. Unset: helpdesk
     * events are off.
     */
    FRAPPE_WEBHOOK_SECRET("threadline.erpnext.webhook.secret");

    private final String property;

    Secret(String property) {
        this.property = property;
    }

    public String property() {
        return property;
    }
}
