package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code frappe.get_list} over one doctype (erpnext.md §3.3, §14.6), as {@link ListQueryParser} read it:
 * {@code fields}, {@code filters} and {@code or_filters}, operators {@code = != > < >= <= like "not like" in "not in" is}, {@code order_by},
 * {@code limit_start} and the page length. Text compares case-insensitively and NULL compares as
 * {@code ''}, as Frappe's {@code ifnull(...)} SQL on MariaDB's {@code _ci} collation does.
 *
 * <p>Not modelled: {@code between}, {@code timespan}, {@code previous}/{@code next}, nested-set
 * operators, {@code group_by}, {@code as_dict=0}, SQL expressions in {@code fields}.
 */
final class ListQuery {


    record Condition(String field, String operator, JsonNode value) {}

    record Order(String field, boolean descending) {}

    private final DocType meta;
    private final List<String> fields;
    private final List<Condition> filters;
    private final List<Condition> orFilters;
    private final List<Order> order;
    private final int start;
    private final int pageLength;

    ListQuery(DocType meta, List<String> fields, List<Condition> filters, List<Condition> orFilters,
                      List<Order> order, int start, int pageLength) {
        this.meta = meta;
        this.fields = fields;
        this.filters = filters;
        this.orFilters = orFilters;
        this.order = order;
        this.start = start;
        this.pageLength = pageLength;
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
}
