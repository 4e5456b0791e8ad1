package dev.threadline.domain;

import java.time.Instant;
import java.util.List;

/**
 * Customer text in the order it was written, with Meta's timestamps: what the LLM reads and what a
 * ticket description or a timeline entry shows. The text is untrusted input.
 */
public record Transcript(List<Line> lines) {

    public Transcript {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a transcript has at least one line");
        }
    }

    /** One message: its wamid, when it was sent, and its text (a placeholder like "[image]" for media). */
    public record Line(String messageId, Instant at, String text) {}

    /** The text of all lines joined by newlines. */
    public String text() {
        return String.join("\n", lines.stream().map(Line::text).toList());
    }

    /** The first non-blank line of text, trimmed: the fallback summary when the LLM fails. */
    public String firstLine() {
        for (Line line : lines) {
            for (String part : line.text().split("\\R")) {
                if (!part.isBlank()) {
                    return part.strip();
                }
            }
        }
        return "WhatsApp message";
    }
}
