package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.threadline.emulators.erpnext.ListQuery.Condition;
import dev.threadline.emulators.erpnext.ListQuery.Order;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code get_list}'s arguments into a {@link ListQuery} (erpnext.md §3.3): {@code fields}, {@code
 * filters} and {@code or_filters} as JSON (a string from the query, or JSON values from a JSON body),
 * {@code order_by} and {@code limit_start}. Unknown fields are a 417 {@code DataError}.
 */
final class ListQueryParser {

    private static final Set<String> OPERATORS = Set.of("=", "!=", ">", "<", ">=", "<=", "like", "not like", "in",
            "not in", "is");

    private ListQueryParser() {}

    /**
     * @param pageLength the page size after the caller's defaulting (v1: {@code limit_page_length},
     *                   else a truthy {@code limit}, else 20); 0 means all rows
     */
    static ListQuery parse(DocType meta, Map<String, JsonNode> args, int pageLength) {
        List<String> fields = parseFields(meta, args.get("fields"));
        List<Condition> filters = parseFilters(meta, args.get("filters"));
        List<Condition> orFilters = parseFilters(meta, args.get("or_filters"));
        List<Order> order = parseOrder(meta, args.get("order_by"));
        int start = Math.max(0, Values.cint(args.get("limit_start")));
        return new ListQuery(meta, fields, filters, orFilters, order, start, pageLength);
    }

    private static List<String> parseFields(DocType meta, JsonNode arg) {
        JsonNode parsed = Args.json(arg);
        if (parsed == null || parsed.isNull() || (parsed.isArray() && parsed.isEmpty())) {
            return List.of("name");
        }
        if (!parsed.isArray()) {
            parsed = JsonNodeFactory.instance.arrayNode().add(parsed.asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode f : parsed) {
            String name = column(f.asText());
            if (name.equals("*")) {
                out.addAll(Meta.STANDARD); // child tables are not columns of the parent's table
                meta.fields().stream().filter(c -> c.type() != FieldType.TABLE).map(Field::name).forEach(out::add);
            } else if (meta.hasColumn(name)) {
                out.add(name);
            } else {
                throw FrappeException.dataError(f.asText());
            }
        }
        return out;
    }

    private static List<Condition> parseFilters(DocType meta, JsonNode arg) {
        JsonNode parsed = Args.json(arg);
        List<Condition> out = new ArrayList<>();
        if (parsed == null || parsed.isNull()) {
            return out;
        }
        if (parsed.isObject()) {
            parsed.properties().forEach(e -> {
                JsonNode v = e.getValue();
                out.add(v.isArray() && !v.isEmpty()
                        ? condition(meta, e.getKey(), v.get(0).asText(), v.size() > 1 ? v.get(1) : NullNode.instance)
                        : condition(meta, e.getKey(), "=", v));
            });
            return out;
        }
        if (!parsed.isArray()) {
            throw FrappeException.validation("Filters must be a list or a dict");
        }
        for (JsonNode f : parsed) {
            if (!(f instanceof ArrayNode a) || a.size() < 3 || a.size() > 4) {
                throw FrappeException.validation("Filter must be a tuple or list (in a list)");
            }
            int i = a.size() - 3;
            out.add(condition(meta, a.get(i).asText(), a.get(i + 1).asText(), a.get(i + 2)));
        }
        return out;
    }

    private static Condition condition(DocType meta, String field, String operator, JsonNode value) {
        String name = column(field);
        if (!meta.hasColumn(name)) {
            throw FrappeException.dataError(field);
        }
        String op = operator.strip().toLowerCase(Locale.ROOT);
        if (!OPERATORS.contains(op)) {
            throw FrappeException.validation("Operator must be one of =, !=, >, <, >=, <=, like, not like, in, not in,"
                    + " is, between, timespan, previous, next (ErpNextFake supports all but the last four)");
        }
        return new Condition(name, op, value);
    }

    private static List<Order> parseOrder(DocType meta, JsonNode arg) {
        String spec = arg == null || arg.isNull() || arg.asText().isBlank() ? meta.sortField() + " desc" : arg.asText();
        List<Order> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] words = part.strip().split("\\s+");
            String name = column(words[0]);
            if (!meta.hasColumn(name)) {
                throw FrappeException.dataError(words[0]);
            }
            out.add(new Order(name, words.length > 1 && words[1].equalsIgnoreCase("desc")));
        }
        return out;
    }

    /** {@code `tabIssue`.`status`} and {@code tabIssue.status} name the column {@code status}. */
    private static String column(String field) {
        String f = field.strip().replace("`", "");
        int dot = f.lastIndexOf('.');
        return dot >= 0 && f.startsWith("tab") ? f.substring(dot + 1) : f;
    }
}
