package dev.threadline.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads an optional setting whose default lives in the code. The functions' application.properties map
 * every variable without a default ({@code threadline.session-timeout=${SESSION_TIMEOUT:}}), so an unset
 * or blank variable arrives here as blank and means the caller's default: each default is written once,
 * next to the setting it belongs to. A bad value fails start-up with one line naming the variable.
 */
public final class Settings {

    private Settings() {}

    public static Duration duration(String text, String variable, Duration fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalid(variable, "an ISO-8601 duration, e.g. " + fallback, text);
        }
    }

    public static double decimal(String text, String variable, double fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw invalid(variable, "a number, e.g. " + fallback, text);
        }
    }

    public static int integer(String text, String variable, int fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw invalid(variable, "a whole number, e.g. " + fallback, text);
        }
    }

    public static boolean flag(String text, String variable, boolean fallback) {
        if (blank(text)) {
            return fallback;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(variable, "true or false", text);
        };
    }

    /** The value stripped, or the fallback when blank. */
    public static String text(String text, String fallback) {
        return blank(text) ? fallback : text.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static IllegalArgumentException invalid(String variable, String expected, String text) {
        // One line: the Lambda runtime prints the message as the init error.
        return new IllegalArgumentException(variable + " must be " + expected + ", was '"
                + text.strip().replaceAll("\\s+", " ") + "'");
    }
}
