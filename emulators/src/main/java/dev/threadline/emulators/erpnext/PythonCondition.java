package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A Webhook {@code condition} (erpnext.md §10.1): the part of Python that such conditions use, parsed once
 * and evaluated on a document. It knows {@code doc.field}, {@code doc.get("field")}, string and integer
 * literals, {@code None}, {@code True}, {@code False}, tuples and lists, {@code ==}, {@code !=},
 * {@code in}, {@code not in}, {@code and}, {@code or}, {@code not} and parentheses, with Python's
 * truthiness. Anything else is refused by {@link #parse}, so that a Webhook the fake cannot
 * evaluate is never saved and silently ignored.
 */
final class PythonCondition {

    /** What the fake understands, for the refusal message. */
    static final String SUPPORTED = "doc.<field>, doc.get(\"<field>\"), \"text\", 'text', integers, None, True, False,"
            + " (tuples), [lists], ==, !=, in, not in, and, or, not";

    private final Function<ObjectNode, Object> expression;

    private PythonCondition(Function<ObjectNode, Object> expression) {
        this.expression = expression;
    }

    /**
     * @param fieldExists whether {@code doc.<name>} exists on the watched doctype (Frappe evaluates the
     *                    condition on an empty document of it when the Webhook is saved)
     * @throws IllegalArgumentException naming what the fake cannot evaluate
     */
    static PythonCondition parse(String source, Set<String> fieldExists) {
        Parser parser = new Parser(PythonTokens.of(source), fieldExists);
        Function<ObjectNode, Object> e = parser.expression();
        parser.expectEnd();
        return new PythonCondition(e);
    }

    boolean test(ObjectNode doc) {
        return truthy(expression.apply(doc));
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0;
            case List<?> l -> !l.isEmpty();
            default -> true;
        };
    }

    /** Python's {@code ==} for the values a document holds: {@code 1 == 1.0}, but {@code "1" != 1}. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    static boolean contains(Object container, Object item) {
        return switch (container) {
            case List<?> list -> list.stream().anyMatch(v -> same(v, item));
            case String s -> item instanceof String part && s.contains(part);
            case null, default -> false;
        };
    }

    /** Recursive descent over the tokens, lowest precedence first: or, and, not, comparison, atom. */
    private static final class Parser {
        private final List<String> tokens;
        private final Set<String> fields;
        private int at;

        Parser(List<String> tokens, Set<String> fields) {
            this.tokens = tokens;
            this.fields = fields;
        }

        Function<ObjectNode, Object> expression() {
            Function<ObjectNode, Object> left = conjunction();
            while (accept("or")) {
                Function<ObjectNode, Object> l = left;
                Function<ObjectNode, Object> r = conjunction();
                left = doc -> truthy(l.apply(doc)) ? l.apply(doc) : r.apply(doc);
            }
            return left;
        }

        private Function<ObjectNode, Object> conjunction() {
            Function<ObjectNode, Object> left = negation();
            while (accept("and")) {
                Function<ObjectNode, Object> l = left;
                Function<ObjectNode, Object> r = negation();
                left = doc -> truthy(l.apply(doc)) ? r.apply(doc) : l.apply(doc);
            }
            return left;
        }

        private Function<ObjectNode, Object> negation() {
            if (accept("not")) {
                Function<ObjectNode, Object> operand = negation();
                return doc -> !truthy(operand.apply(doc));
            }
            return comparison();
        }

        private Function<ObjectNode, Object> comparison() {
            Function<ObjectNode, Object> l = atom();
            if (accept("==")) {
                Function<ObjectNode, Object> r = atom();
                return doc -> same(l.apply(doc), r.apply(doc));
            }
            if (accept("!=")) {
                Function<ObjectNode, Object> r = atom();
                return doc -> !same(l.apply(doc), r.apply(doc));
            }
            boolean negated = peek("not") && "in".equals(peekAhead()) && accept("not");
            if (accept("in")) {
                Function<ObjectNode, Object> r = atom();
                return doc -> negated != contains(r.apply(doc), l.apply(doc));
            }
            return l;
        }

        private Function<ObjectNode, Object> atom() {
            String t = next();
            switch (t) {
                case "(", "[" -> {
                    String close = t.equals("(") ? ")" : "]";
                    List<Function<ObjectNode, Object>> items = new ArrayList<>();
                    boolean comma = false;
                    while (!accept(close)) {
                        items.add(expression());
                        if (accept(",")) {
                            comma = true;
                        } else {
                            expect(close);
                            break;
                        }
                    }
                    if (t.equals("(") && items.size() == 1 && !comma) {
                        return items.getFirst();
                    }
                    return doc -> items.stream().map(i -> i.apply(doc)).toList();
                }
                case "None" -> {
                    return doc -> null;
                }
                case "True", "False" -> {
                    boolean b = t.equals("True");
                    return doc -> b;
                }
                case "doc" -> {
                    return field();
                }
                default -> {
                    if (t.startsWith("\"") || t.startsWith("'")) {
                        String text = t.substring(1);
                        return doc -> text;
                    }
                    if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
                        long n = Long.parseLong(t);
                        return doc -> n;
                    }
                    throw unsupported("'" + t + "'");
                }
            }
        }

        /** {@code doc.field} or {@code doc.get("field")}, after {@code doc}. */
        private Function<ObjectNode, Object> field() {
            expect(".");
            String name = next();
            if (name.equals("get") && accept("(")) {
                String quoted = next();
                if (!(quoted.startsWith("\"") || quoted.startsWith("'"))) {
                    throw unsupported("doc.get with something other than a quoted field name");
                }
                expect(")");
                String field = quoted.substring(1);
                return doc -> Values.python(doc.get(field));
            }
            if (!fields.contains(name)) {
                throw new IllegalArgumentException("the document has no field '" + name + "'");
            }
            return doc -> Values.python(doc.get(name));
        }

        void expectEnd() {
            if (at < tokens.size()) {
                throw unsupported("'" + tokens.get(at) + "'");
            }
        }

        private boolean peek(String t) {
            return at < tokens.size() && tokens.get(at).equals(t);
        }

        private String peekAhead() {
            return at + 1 < tokens.size() ? tokens.get(at + 1) : null;
        }

        private boolean accept(String t) {
            if (peek(t)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String t) {
            if (!accept(t)) {
                throw unsupported("'" + t + "' expected");
            }
        }

        private String next() {
            if (at >= tokens.size()) {
                throw new IllegalArgumentException("the condition ends too early");
            }
            return tokens.get(at++);
        }

        private IllegalArgumentException unsupported(String what) {
            return new IllegalArgumentException("unsupported at token " + at + ": " + what);
        }
    }
}
