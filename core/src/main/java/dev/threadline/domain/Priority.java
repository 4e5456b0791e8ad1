package dev.threadline.domain;

import java.util.Locale;
import java.util.Optional;

/** How urgent an issue is, in the LLM's vocabulary (the seed's JSON). Sites map it to their own names. */
public enum Priority {
    LOW, MEDIUM, HIGH, CRITICAL, URGENT;

    /** Parses the LLM's value case-insensitively; empty for anything else. */
    public static Optional<Priority> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** As the seed writes it: {@code Low}, {@code Medium}, ... */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
