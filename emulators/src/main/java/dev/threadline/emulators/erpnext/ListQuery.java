package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code frappe.get_list} over one doctype (erpnext.md §3.3, §14.6): {@code fields}, {@code filters}
 * and {@code or_filters} as JSON (a string from the query, or JSON values from a JSON body),
 * operators {@code = != > < >= <= like "not like" in "not in" is}, {@code order_by},
 * {@code limit_start} and the page length. Text compares case-insensitively and NULL compares as
 * {@code ''}, as Frappe's {@code ifnull(...)} SQL on MariaDB's {@code _ci} collation does.
 *
 * <p>Not modelled: {@code between}, {@code timespan}, {@code previous}/{@code next}, nested-set
 * operators, {@code group_by}, {@code as_dict=0}, SQL expressions in {@code fields}.
 */
final class ListQuery {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OPERATORS = Set.of("=", "!=", ">", "<", ">=", "<=", "like", "not like", "in",
            "not in", "is");

    record Condition(String field, String operator, JsonNode value) {}

    record Order(String field, boolean descending) {}

    private final DocType meta;
    private final List<String> fields;
    private final List<Condition> filters;
    private final List<Condition> orFilters;
    private final List<Order> order;
    private final int start;
    private final int pageLength;

    private ListQuery(DocType meta, List<String> fields, List<Condition> filters, List<Condition> orFilters,
                      List<Order> order, int start, int pageLength) {
        this.meta = meta;
        this.fields = fields;
        this.filters = filters;
        this.orFilters = orFilters;
        this.order = order;
        this.start = start;
        this.pageLength = pageLength;
    }

    /**
     * @param pageLength the page size after the caller's defaulting (v1: {@code limit_page_length},
     *                   else a truthy {@code limit}, else 20); 0 means all rows
     */
    static ListQuery parse(DocType meta, Map<String, JsonNode> args, int pageLength) {
        List<String> fields = parseFields(meta, args.get("fields"));
        List<Condition> filters = parseFilters(meta, args.get("filters"));
        List<Condition> orFilters = parseFilters(meta, args.get("or_filters"));
        List<Order> order = parseOrder(meta, args.get("order_by"));
        int start = Math.max(0, Documents.cint(args.get("limit_start")));
        return new ListQuery(meta, fields, filters, orFilters, order, start, pageLength);
    }

    List<ObjectNode> rows(Collection<ObjectNode> table) {
        List<ObjectNode> matching = matching(table);
        List<ObjectNode> page = matching.subList(Math.min(start, matching.size()),
                pageLength == 0 ? matching.size() : Math.min(matching.size(), start + pageLength));
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode doc : page) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (String f : fields) {
                JsonNode v = doc.get(f);
                row.set(f, v == null ? NullNode.instance : v);
            }
            rows.add(row);
        }
        return rows;
    }

    int count(Collection<ObjectNode> table) {
        return matching(table).size();
    }

    private List<ObjectNode> matching(Collection<ObjectNode> table) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode doc : table) {
            boolean all = filters.stream().allMatch(c -> matches(doc, c));
            boolean any = orFilters.isEmpty() || orFilters.stream().anyMatch(c -> matches(doc, c));
            if (all && any) {
                out.add(doc);
            }
        }
        Comparator<ObjectNode> comparator = (a, b) -> 0;
        for (Order o : order) {
            Comparator<ObjectNode> byField = (a, b) -> compare(a.get(o.field()), b.get(o.field()));
            comparator = comparator.thenComparing(o.descending() ? byField.reversed() : byField);
        }
        out.sort(comparator); // stable: ties keep insertion order
        return out;
    }

    private boolean matches(ObjectNode doc, Condition c) {
        JsonNode actual = doc.get(c.field());
        String text = actual == null || actual.isNull() ? "" : actual.asText();
        return switch (c.operator()) {
            case "=" -> compare(actual, c.value()) == 0;
            case "!=" -> compare(actual, c.value()) != 0;
            case ">" -> compare(actual, c.value()) > 0;
            case "<" -> compare(actual, c.value()) < 0;
            case ">=" -> compare(actual, c.value()) >= 0;
            case "<=" -> compare(actual, c.value()) <= 0;
            case "like" -> like(c.value()).matcher(text).matches();
            case "not like" -> !like(c.value()).matcher(text).matches();
            case "in" -> values(c.value()).stream().anyMatch(v -> v.equalsIgnoreCase(text));
            case "not in" -> values(c.value()).stream().noneMatch(v -> v.equalsIgnoreCase(text));
            case "is" -> "set".equalsIgnoreCase(c.value().asText()) != text.isEmpty();
            default -> throw new IllegalStateException(c.operator());
        };
    }

    /** Numbers numerically, everything else as case-insensitive text; NULL as {@code ''}. */
    private static int compare(JsonNode a, JsonNode b) {
        String x = a == null || a.isNull() ? "" : a.asText();
        String y = b == null || b.isNull() ? "" : b.asText();
        if ((a != null && a.isNumber()) || (b != null && b.isNumber())) {
            try {
                return Double.compare(x.isEmpty() ? 0 : Double.parseDouble(x), y.isEmpty() ? 0 : Double.parseDouble(y));
            } catch (NumberFormatException notANumber) {
                // fall through to text
            }
        }
        return x.compareToIgnoreCase(y);
    }

    private static Pattern like(JsonNode pattern) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.asText().toCharArray()) {
            switch (ch) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static List<String> values(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> out.add(v.isNull() ? "" : v.asText()));
        } else {
            for (String part : value.asText().split(",")) {
                out.add(part.strip());
            }
        }
        return out;
    }

    static JsonNode json(JsonNode arg) {
        if (arg == null || arg.isNull() || !arg.isTextual()) {
            return arg;
        }
        if (arg.asText().isBlank()) {
            return null; // an empty parameter is falsy in Python: as if absent
        }
        try {
            return MAPPER.readTree(arg.asText());
        } catch (JsonProcessingException e) {
            throw FrappeException.jsonDecode("Expecting value: line 1 column " + (e.getLocation().getColumnNr())
                    + " (char " + Math.max(0, e.getLocation().getCharOffset()) + ")");
        }
    }

    private static List<String> parseFields(DocType meta, JsonNode arg) {
        JsonNode parsed = json(arg);
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
                out.addAll(Meta.STANDARD);
                meta.fields().stream().map(Field::name).forEach(out::add);
            } else if (meta.hasColumn(name)) {
                out.add(name);
            } else {
                throw FrappeException.dataError(f.asText());
            }
        }
        return out;
    }

    private static List<Condition> parseFilters(DocType meta, JsonNode arg) {
        JsonNode parsed = json(arg);
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
