package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The v1 API the fake serves, after authentication: {@code /api/resource/{doctype}[/{name}]}
 * (list, create, read, update, delete; erpnext.md §3.1 to §3.5) and {@code /api/method/{dotted.path}} for {@code
 * ping}, {@code frappe.auth.get_logged_user}, {@code frappe.client.get_count}, {@code
 * frappe.client.get_list}, {@code frappe.desk.form.utils.add_comment} (erpnext.md §3.6 to §3.8) and {@code
 * frappe.desk.form.load.getdoctype} (the form meta the desk loads), {@code upload_file} ({@link Uploads}) and
 * {@code frappe.desk.doctype.tag.tag.add_tag} ({@link Tags}).
 */
final class Api {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> ADD_COMMENT_ARGS = List.of("reference_doctype", "reference_name", "content",
            "comment_email", "comment_by");
    private static final Set<String> METHODS = Set.of("ping", "frappe.auth.get_logged_user", "frappe.client.get_count",
            "frappe.client.get_list", "frappe.desk.form.utils.add_comment", "frappe.desk.form.load.getdoctype",
            "upload_file", Tags.METHOD);

    private final Site site;
    private final Documents documents;
    private final ErpNextOptions options;

    Api(Site site, Documents documents, ErpNextOptions options) {
        this.site = site;
        this.documents = documents;
        this.options = options;
    }

    Reply resource(Session session, String httpMethod, String doctype, String name, Map<String, JsonNode> query,
                   JsonNode body) {
        return site.transaction(() -> {
            DocType meta = site.meta(doctype);
            if (name == null) {
                return switch (httpMethod) {
                    case "GET" -> list(session, meta, query);
                    case "POST" -> {
                        ObjectNode doc = documents.insert(session, doctype, body, false);
                        // v14 answers doc.as_dict() (nulls kept); v15 the Document (nulls omitted) (erpnext.md §12).
                        yield data(options.version() == FrappeVersion.V14 ? doc : withoutNulls(doc));
                    }
                    default -> throw FrappeException.routeNotFound();
                };
            }
            return switch (httpMethod) {
                case "GET" -> data(withoutNulls(documents.read(session, doctype, name)));
                case "PUT" -> data(withoutNulls(documents.update(session, doctype, name, body)));
                case "DELETE" -> {
                    documents.delete(session, doctype, name);
                    ObjectNode ok = JSON.objectNode().put(options.version() == FrappeVersion.V14 ? "message" : "data", "ok");
                    yield Reply.json(202, ok);
                }
                case "POST" -> throw FrappeException.validation("ErpNextFake does not support run_method");
                default -> throw FrappeException.routeNotFound();
            };
        });
    }

    Reply method(Session session, String httpMethod, String path, Map<String, JsonNode> args) {
        if (!METHODS.contains(path)) {
            int dot = path.lastIndexOf('.');
            throw FrappeException.validation("Failed to get method for command " + path + " with No module named '"
                    + (dot > 0 ? path.substring(0, dot) : path) + "'");
        }
        if (path.equals("ping")) {
            return message(JSON.textNode("pong"));
        }
        if (session.guest()) {
            throw FrappeException.thrown(403, "PermissionError", "Not permitted");
        }
        return site.transaction(() -> switch (path) {
            case "frappe.auth.get_logged_user" -> message(JSON.textNode(session.user()));
            case "frappe.client.get_count" -> {
                DocType meta = site.meta(required("get_count", args, List.of("doctype")).getFirst());
                session.requireRead(meta);
                yield message(JSON.numberNode(ListQueryParser.parse(meta, args, 0).count(site.table(meta.name()).values())));
            }
            case "frappe.client.get_list" -> {
                DocType meta = site.meta(required("get_list", args, List.of("doctype")).getFirst());
                session.requireRead(meta);
                int pageLength = args.containsKey("limit_page_length") ? Values.cint(args.get("limit_page_length")) : 20;
                List<ObjectNode> rows = ListQueryParser.parse(meta, args, pageLength).rows(site.table(meta.name()).values());
                yield message(JSON.arrayNode().addAll(rows));
            }
            case "frappe.desk.form.utils.add_comment" -> {
                if (!httpMethod.equals("POST") && !httpMethod.equals("PUT")) {
                    throw FrappeException.thrown(403, "PermissionError", "Not permitted");
                }
                yield message(addComment(session, required("add_comment", args, ADD_COMMENT_ARGS)));
            }
            case "upload_file" -> message(new Uploads(site, documents).upload(session, args));
            case "frappe.desk.form.load.getdoctype" -> {
                DocType meta = site.meta(required("getdoctype", args, List.of("doctype")).getFirst());
                yield Reply.json(200, JSON.objectNode().put("user_settings", "{}")
                        .set("docs", JSON.arrayNode().add(formMeta(meta))));
            }
            case Tags.METHOD -> {
                List<String> a = required("add_tag", args, List.of("tag", "dt", "dn"));
                yield message(JSON.textNode(Tags.add(site, a.get(0), a.get(1), a.get(2))));
            }
            default -> throw new IllegalStateException(path);
        });
    }

    /**
     * {@code add_comment} (erpnext.md §3.8): the caller must be able to read the referenced document; the
     * Comment is inserted ignoring Comment permissions, and the reference's {@code modified} stays.
     */
    private ObjectNode addComment(Session session, List<String> a) {
        DocType referenceMeta = site.meta(a.get(0));
        ObjectNode reference = site.get(a.get(0), a.get(1));
        session.requireRead(referenceMeta);
        ObjectNode values = JSON.objectNode()
                .put("comment_type", "Comment")
                .put("reference_doctype", a.get(0))
                .put("reference_name", a.get(1))
                .put("content", a.get(2))
                .put("comment_email", a.get(3))
                .put("comment_by", a.get(4))
                .put("reference_owner", Values.text(reference, "owner"));
        return documents.insert(session, StandardDoctypes.COMMENT, values, true); // as_dict(): nulls kept
    }

    /**
     * {@code getdoctype} (frappe v15 {@code desk/form/load.py}): the DocType with its fields, each
     * Custom Field merged in as all the columns of its Custom Field document plus {@code
     * is_custom_field: 1} ({@code Meta.add_custom_fields}). It needs a login, no permission on the doctype.
     */
    private ObjectNode formMeta(DocType meta) {
        ArrayNode fields = JSON.arrayNode();
        for (Meta.Field f : meta.fields()) {
            ObjectNode custom = site.find(StandardDoctypes.CUSTOM_FIELD, meta.name() + "-" + f.name()).orElse(null);
            if (custom != null) {
                fields.add(withoutNulls(custom).put("is_custom_field", 1));
                continue;
            }
            ObjectNode field = JSON.objectNode().put("fieldname", f.name()).put("label", f.label())
                    .put("fieldtype", f.type().frappeName());
            if (f.options() != null) {
                field.put("options", f.options());
            }
            fields.add(field.put("reqd", f.reqd() ? 1 : 0).put("unique", f.unique() ? 1 : 0).put("is_custom_field", 0));
        }
        ObjectNode doc = JSON.objectNode().put("name", meta.name()).put("doctype", "DocType");
        doc.set("fields", fields);
        return doc;
    }

    private Reply list(Session session, DocType meta, Map<String, JsonNode> query) {
        session.requireRead(meta);
        // v1 document_list: limit_page_length, else a truthy limit, else 20; 0 means everything.
        int pageLength;
        if (query.containsKey("limit_page_length")) {
            pageLength = Values.cint(query.get("limit_page_length"));
        } else {
            int limit = Values.cint(query.get("limit"));
            pageLength = limit != 0 ? limit : 20;
        }
        List<ObjectNode> rows = ListQueryParser.parse(meta, query, pageLength).rows(site.table(meta.name()).values());
        return Reply.json(200, JSON.objectNode().set("data", JSON.arrayNode().addAll(rows)));
    }

    /** The values of the required arguments; a Python TypeError (500) naming the missing ones otherwise. */
    private static List<String> required(String function, Map<String, JsonNode> args, List<String> names) {
        List<String> missing = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String n : names) {
            JsonNode v = args.get(n);
            if (v == null) {
                missing.add("'" + n + "'");
            } else {
                values.add(v.isNull() ? null : v.asText());
            }
        }
        if (!missing.isEmpty()) {
            String list = missing.size() == 1 ? missing.getFirst() : missing.size() == 2
                    ? missing.get(0) + " and " + missing.get(1)
                    : String.join(", ", missing.subList(0, missing.size() - 1)) + ", and " + missing.getLast();
            throw FrappeException.python("", "TypeError", function + "() missing " + missing.size() + " required positional "
                    + (missing.size() == 1 ? "argument: " : "arguments: ") + list);
        }
        return values;
    }

    private static Reply data(JsonNode doc) {
        return Reply.json(200, JSON.objectNode().set("data", doc));
    }

    private static Reply message(JsonNode value) {
        return Reply.json(200, JSON.objectNode().set("message", value));
    }

    static ObjectNode withoutNulls(ObjectNode doc) {
        ObjectNode out = JSON.objectNode();
        doc.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
