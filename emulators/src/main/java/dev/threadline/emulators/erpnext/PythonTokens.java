package dev.threadline.emulators.erpnext;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Python condition into tokens for {@link PythonCondition}: names and keywords, integers,
 * the operators {@code == != ( ) [ ] , .}, and string literals, which come out as their opening
 * quote followed by their decoded text (so {@code "Issue"} becomes the token {@code "Issue}).
 */
final class PythonTokens {

    private PythonTokens() {}

    static List<String> of(String source) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder().append(c);
                i++;
                while (i < source.length() && source.charAt(i) != c) {
                    char ch = source.charAt(i);
                    if (ch == '\\' && i + 1 < source.length()) {
                        ch = source.charAt(++i);
                    }
                    text.append(ch);
                    i++;
                }
                if (i >= source.length()) {
                    throw new IllegalArgumentException("a string is not closed");
                }
                i++;
                out.add(text.toString());
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (i < source.length() && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
                out.add(source.substring(start, i));
            } else if ((c == '=' || c == '!') && i + 1 < source.length() && source.charAt(i + 1) == '=') {
                out.add(c + "=");
                i += 2;
            } else if ("()[],.".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else {
                throw new IllegalArgumentException("unsupported character '" + c + "'");
            }
        }
        return out;
    }
}
