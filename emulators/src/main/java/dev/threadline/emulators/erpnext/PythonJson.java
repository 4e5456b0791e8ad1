package dev.threadline.emulators.erpnext;

import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value)} with its defaults: separators {@code ", "} and {@code ": "},
 * {@code ensure_ascii=True} (every non-ASCII character as a backslash-u escape, astral ones as surrogate
 * pairs). Frappe builds {@code _server_messages}, {@code exc} and {@code _comments} this way
 * (erpnext.md §5.1), so a faithful fake must too: clients that compare bytes or split on {@code ","}
 * would otherwise pass against the fake and fail against a real site.
 *
 * <p>Supports what those fields hold: maps with string keys, lists, strings, integers, booleans and
 * {@code null}, and floats as Python's repr writes them.
 */
final class PythonJson {

    private PythonJson() {}

    static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b ? "true" : "false");
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Double d -> out.append(pythonFloat(d));
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    string(String.valueOf(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not supported by PythonJson: " + value.getClass());
        }
    }

    /** Python's {@code repr(float)}: shortest digits, plain between 1e-4 and 1e16, {@code 1e+16} style beyond. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        double abs = Math.abs(d);
        java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(d));
        if (abs == 0 || (abs >= 1e-4 && abs < 1e16)) {
            String plain = exact.stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String unscaled = exact.unscaledValue().abs().toString().replaceAll("0+$", "");
        int exponent = exact.precision() - exact.scale() - 1;
        String mantissa = unscaled.length() > 1 ? unscaled.charAt(0) + "." + unscaled.substring(1) : unscaled;
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
