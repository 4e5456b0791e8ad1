package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Meta.FieldType.CHECK;
import static dev.threadline.emulators.erpnext.Meta.FieldType.DATA;
import static dev.threadline.emulators.erpnext.Meta.FieldType.DATE;
import static dev.threadline.emulators.erpnext.Meta.FieldType.DATETIME;
import static dev.threadline.emulators.erpnext.Meta.FieldType.DURATION;
import static dev.threadline.emulators.erpnext.Meta.FieldType.DYNAMIC_LINK;
import static dev.threadline.emulators.erpnext.Meta.FieldType.INT;
import static dev.threadline.emulators.erpnext.Meta.FieldType.LINK;
import static dev.threadline.emulators.erpnext.Meta.FieldType.PASSWORD;
import static dev.threadline.emulators.erpnext.Meta.FieldType.SELECT;
import static dev.threadline.emulators.erpnext.Meta.FieldType.TABLE;
import static dev.threadline.emulators.erpnext.Meta.FieldType.TEXT;
import static dev.threadline.emulators.erpnext.Meta.FieldType.TIME;

import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.Naming;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The doctypes the fake serves, with the fields, labels, options and defaults the contract gives for
 * Issue, Issue Priority and Issue Type, Comment, Communication and Custom Field
 * and Webhook
 * (erpnext.md §7.2, §7.4, §8.1, §8.2, §9.1, §10.1). Link targets the fake does not model (Customer, Contact,
 * Company...) have no documents, so any value for them fails link validation, as on a fresh site.
 */
final class StandardDoctypes {

    private StandardDoctypes() {}

    static final String ISSUE = "Issue";
    static final String COMMUNICATION = "Communication";
    static final String COMMENT = "Comment";
    static final String CUSTOM_FIELD = "Custom Field";
    static final String ISSUE_PRIORITY = "Issue Priority";
    static final String ISSUE_TYPE = "Issue Type";
    static final String WEBHOOK = "Webhook";
    static final String FILE = "File";

    /** Roles the default API user holds: enough for everything Threadline does (erpnext.md §2). */
    static final Set<String> ALL_ROLES = Set.of("System Manager", "Support Team", "Inbox User");

    static final String ISSUE_STATUSES = "Open\nReplied\nOn Hold\nResolved\nClosed";
    /** A default value meaning "the site's date today" / "now", resolved at insert. */
    static final String TODAY = "Today";
    static final String NOW = "Now";

    static List<DocType> all(FrappeVersion version) {
        return List.of(issue(version), communication(), comment(), customField(), named(ISSUE_PRIORITY,
                Set.of("System Manager"), Set.of("System Manager", "Support Team")), named(ISSUE_TYPE,
                Set.of("System Manager", "Support Team"), Set.of("System Manager", "Support Team")), webhook(), file());
    }

    /** The fields of the child doctypes the fake stores rows of (erpnext.md §10.1). */
    private static final Map<String, List<String>> CHILD_FIELDS = Map.of(
            "Webhook Data", List.of("fieldname", "key"),
            "Webhook Header", List.of("key", "value"));

    static List<String> childFields(String childDoctype) {
        return CHILD_FIELDS.getOrDefault(childDoctype, List.of());
    }

    /**
     * File (erpnext.md §17): named by a random hash; any desk user may upload (the fake grants it to the
     * roles it knows). {@code attached_to_name} is a Data field, not a link.
     */
    static DocType file() {
        Set<String> roles = ALL_ROLES;
        return new DocType(FILE, Naming.HASH, null, List.of(
                Field.of("file_name", DATA, "File Name"),
                Field.of("is_private", CHECK, "Is Private").defaults(0),
                Field.of("file_url", TEXT, "File URL"),
                Field.of("thumbnail_url", TEXT, "Thumbnail URL"),
                Field.of("folder", DATA, "Folder"),
                Field.of("is_folder", CHECK, "Is Folder").defaults(0),
                Field.of("file_size", INT, "File Size").defaults(0),
                Field.of("content_hash", DATA, "Content Hash"),
                Field.of("attached_to_doctype", LINK, "Attached To DocType").options("DocType"),
                Field.of("attached_to_name", DATA, "Attached To Name"),
                Field.of("attached_to_field", DATA, "Attached To Field")),
                "modified", roles, roles);
    }

    /** Webhook (erpnext.md §10.1): System Manager only, named by the series {@code HOOK-.####}. */
    static DocType webhook() {
        Set<String> roles = Set.of("System Manager");
        return new DocType(WEBHOOK, Naming.SERIES, "HOOK-.####", List.of(
                Field.of("webhook_doctype", LINK, "DocType").options("DocType").required(),
                Field.of("webhook_docevent", SELECT, "Doc Event").required().options("after_insert\non_update"
                        + "\non_submit\non_cancel\non_trash\non_update_after_submit\non_change"),
                Field.of("enabled", CHECK, "Enabled").defaults(1),
                Field.of("condition", TEXT, "Condition"),
                Field.of("request_url", TEXT, "Request URL").required(),
                Field.of("is_dynamic_url", CHECK, "Is Dynamic URL?").defaults(0),
                Field.of("timeout", INT, "Request Timeout").defaults(5),
                Field.of("request_method", SELECT, "Request Method").options("POST\nPUT\nDELETE").defaults("POST"),
                Field.of("request_structure", SELECT, "Request Structure").options("\nForm URL-Encoded\nJSON"),
                Field.of("enable_security", CHECK, "Enable Security").defaults(0),
                Field.of("webhook_secret", PASSWORD, "Webhook Secret"),
                Field.of("webhook_headers", TABLE, "Headers").options("Webhook Header"),
                Field.of("webhook_data", TABLE, "Data").options("Webhook Data"),
                Field.of("webhook_json", TEXT, "JSON Request Body"),
                Field.of("background_jobs_queue", DATA, "Background Jobs Queue")),
                "modified", roles, roles);
    }

    static DocType issue(FrappeVersion version) {
        // ERPNext 15.54 renamed resolution_by/resolution_date (erpnext.md §7.2); v14 keeps the old names.
        String slaPrefix = version == FrappeVersion.V14 ? "" : "sla_";
        Set<String> supportTeam = Set.of("Support Team");
        return new DocType(ISSUE, Naming.SERIES, "ISS-.YYYY.-.#####", List.of(
                Field.of("naming_series", SELECT, "Series").options("ISS-.YYYY.-").defaults("ISS-.YYYY.-"),
                Field.of("subject", DATA, "Subject").required(),
                Field.of("customer", LINK, "Customer").options("Customer"),
                Field.of("raised_by", DATA, "Raised By (Email)").options("Email"),
                Field.of("status", SELECT, "Status").options(ISSUE_STATUSES).defaults("Open"),
                Field.of("priority", LINK, "Priority").options(ISSUE_PRIORITY),
                Field.of("issue_type", LINK, "Issue Type").options(ISSUE_TYPE),
                Field.of("issue_split_from", LINK, "Issue Split From").options(ISSUE),
                Field.of("description", TEXT, "Description"),
                Field.of("service_level_agreement", LINK, "Service Level Agreement").options("Service Level Agreement"),
                Field.of("response_by", DATETIME, "Response By"),
                Field.of("agreement_status", SELECT, "Service Level Agreement Status")
                        .options("First Response Due\nResolution Due\nFulfilled\nFailed").defaults("First Response Due"),
                Field.of(slaPrefix + "resolution_by", DATETIME, "Resolution By"),
                Field.of("service_level_agreement_creation", DATETIME, "Service Level Agreement Creation"),
                Field.of("on_hold_since", DATETIME, "On Hold Since"),
                Field.of("total_hold_time", DURATION, "Total Hold Time"),
                Field.of("first_response_time", DURATION, "First Response Time"),
                Field.of("first_responded_on", DATETIME, "First Responded On"),
                Field.of("avg_response_time", DURATION, "Average Response Time"),
                Field.of("resolution_details", TEXT, "Resolution Details"),
                Field.of("opening_date", DATE, "Opening Date").defaults(TODAY),
                Field.of("opening_time", TIME, "Opening Time"),
                Field.of(slaPrefix + "resolution_date", DATETIME, "Resolution Date"),
                Field.of("resolution_time", DURATION, "Resolution Time"),
                Field.of("user_resolution_time", DURATION, "User Resolution Time"),
                Field.of("lead", LINK, "Lead").options("Lead"),
                Field.of("contact", LINK, "Contact").options("Contact"),
                Field.of("email_account", LINK, "Email Account").options("Email Account"),
                Field.of("customer_name", DATA, "Customer Name"),
                Field.of("project", LINK, "Project").options("Project"),
                Field.of("company", LINK, "Company").options("Company"),
                Field.of("via_customer_portal", CHECK, "Via Customer Portal").defaults(0),
                Field.of("attachment", TEXT, "Attachment"),
                Field.of("content_type", DATA, "Content Type")),
                "modified", supportTeam, supportTeam);
    }

    static DocType communication() {
        Set<String> roles = Set.of("System Manager", "Inbox User");
        return new DocType(COMMUNICATION, Naming.HASH, null, List.of(
                Field.of("subject", TEXT, "Subject").required(),
                Field.of("communication_medium", SELECT, "Type")
                        .options("\nEmail\nChat\nPhone\nSMS\nEvent\nMeeting\nVisit\nOther"),
                Field.of("sender", DATA, "From").options("Email"),
                Field.of("recipients", TEXT, "To"),
                Field.of("cc", TEXT, "CC"),
                Field.of("bcc", TEXT, "BCC"),
                Field.of("phone_no", DATA, "Phone No."),
                Field.of("delivery_status", SELECT, "Delivery Status").options("\nSent\nBounced\nOpened\nMarked As Spam"
                        + "\nRejected\nDelayed\nSoft-Bounced\nClicked\nRecipient Unsubscribed\nError\nExpired\nSending"
                        + "\nRead\nScheduled"),
                Field.of("content", TEXT, "Message"),
                Field.of("text_content", TEXT, "Text Content"),
                Field.of("communication_type", SELECT, "Communication Type").required()
                        .options("Communication\nComment\nChat\nNotification\nFeedback\nAutomated Message")
                        .defaults("Communication"),
                Field.of("status", SELECT, "Status").required().options("Open\nReplied\nClosed\nLinked"),
                Field.of("sent_or_received", SELECT, "Sent or Received").required().options("Sent\nReceived"),
                Field.of("communication_date", DATETIME, "Date").defaults(NOW),
                Field.of("reference_doctype", LINK, "Reference Document Type").options("DocType"),
                Field.of("reference_name", DYNAMIC_LINK, "Reference Name").options("reference_doctype"),
                Field.of("in_reply_to", LINK, "In Reply To").options(COMMUNICATION),
                Field.of("message_id", TEXT, "Message ID"),
                Field.of("sender_full_name", DATA, "Sender Full Name"),
                Field.of("user", DATA, "User"),
                Field.of("seen", CHECK, "Seen").defaults(0),
                Field.of("has_attachment", CHECK, "Has Attachment").defaults(0)),
                "communication_date", roles, roles);
    }

    static DocType comment() {
        Set<String> roles = Set.of("System Manager", "Website Manager");
        return new DocType(COMMENT, Naming.HASH, null, List.of(
                Field.of("comment_type", SELECT, "Comment Type").required().defaults("Comment")
                        .options("Comment\nLike\nInfo\nLabel\nWorkflow\nCreated\nSubmitted\nCancelled\nUpdated\nDeleted"
                                + "\nAssigned\nAssignment Completed\nAttachment\nAttachment Removed\nShared\nUnshared"
                                + "\nBot\nRelinked\nEdit"),
                Field.of("comment_email", DATA, "Comment Email"),
                Field.of("subject", TEXT, "Subject"),
                Field.of("comment_by", DATA, "Comment By"),
                Field.of("published", CHECK, "Published").defaults(0),
                Field.of("seen", CHECK, "Seen").defaults(0),
                Field.of("reference_doctype", LINK, "Reference Document Type").options("DocType"),
                Field.of("reference_name", DYNAMIC_LINK, "Reference Name").options("reference_doctype"),
                Field.of("reference_owner", DATA, "Reference Owner"),
                Field.of("content", TEXT, "Content"),
                Field.of("ip_address", DATA, "IP Address")),
                "modified", roles, roles);
    }

    static DocType customField() {
        Set<String> roles = Set.of("System Manager");
        return new DocType(CUSTOM_FIELD, Naming.CUSTOM_FIELD, null, List.of(
                Field.of("dt", LINK, "DocType").options("DocType").required(),
                Field.of("module", DATA, "Module (for export)"),
                Field.of("label", DATA, "Label"),
                Field.of("fieldname", DATA, "Fieldname"),
                Field.of("insert_after", DATA, "Insert After"),
                Field.of("fieldtype", SELECT, "Field Type").required().defaults("Data").options("Autocomplete\nAttach"
                        + "\nAttach Image\nBarcode\nButton\nCheck\nCode\nColor\nColumn Break\nCurrency\nData\nDate"
                        + "\nDatetime\nDuration\nDynamic Link\nFloat\nFold\nGeolocation\nHeading\nHTML\nHTML Editor"
                        + "\nIcon\nImage\nInt\nJSON\nLink\nLong Text\nMarkdown Editor\nPassword\nPercent\nPhone"
                        + "\nRead Only\nRating\nSection Break\nSelect\nSignature\nSmall Text\nTab Break\nTable"
                        + "\nTable MultiSelect\nText\nText Editor\nTime"),
                Field.of("options", TEXT, "Options"),
                Field.of("default", TEXT, "Default"),
                Field.of("description", TEXT, "Field Description"),
                Field.of("length", INT, "Length").defaults(0),
                Field.of("reqd", CHECK, "Is Mandatory Field").defaults(0),
                Field.of("unique", CHECK, "Unique").defaults(0),
                Field.of("read_only", CHECK, "Read Only").defaults(0),
                Field.of("hidden", CHECK, "Hidden").defaults(0),
                Field.of("no_copy", CHECK, "No Copy").defaults(0),
                Field.of("in_list_view", CHECK, "In List View").defaults(0),
                Field.of("in_standard_filter", CHECK, "In Standard Filter").defaults(0),
                Field.of("search_index", CHECK, "Index").defaults(0),
                Field.of("is_system_generated", CHECK, "Is System Generated").defaults(0)),
                "modified", roles, roles);
    }

    /** Issue Priority and Issue Type: autoname Prompt, one {@code description} field (erpnext.md §7.4). */
    static DocType named(String name, Set<String> writeRoles, Set<String> readRoles) {
        return new DocType(name, Naming.PROMPT, null, List.of(Field.of("description", TEXT, "Description")),
                "modified", writeRoles, readRoles);
    }
}
