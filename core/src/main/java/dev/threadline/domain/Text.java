package dev.threadline.domain;

/** Cutting customer text to a size limit without breaking a character in two. */
public final class Text {

    private Text() {}

    /**
     * At most the first {@code maxChars} chars of {@code text}, one fewer when the cut would split a
     * surrogate pair (an emoji, say).
     */
    public static String prefix(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars > 0 && Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }
}
