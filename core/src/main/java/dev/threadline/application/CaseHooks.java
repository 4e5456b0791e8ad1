package dev.threadline.application;

import dev.threadline.domain.InboundMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Where the ticket flow meets resolution learning: the tickets a turn opened, and what they are about. */
final class CaseHooks {

    private CaseHooks() {}

    /**
     * Suggests similar cases for each ticket the turn opened, from the messages that opened it. A
     * redelivered turn that was applied before opens none, so a ticket gets its note once.
     */
    static void suggest(SuggestCases suggestions, Outcome outcome, List<InboundMessage> messages) {
        Map<String, String> texts = messages.stream().filter(m -> m.content().hasWords())
                .collect(Collectors.toMap(InboundMessage::messageId, TicketText::text, (a, b) -> a));
        for (Outcome.Opened opened : opened(outcome)) {
            String text = opened.messageIds().stream().map(texts::get).filter(Objects::nonNull)
                    .collect(Collectors.joining("\n"));
            if (!text.isBlank()) {
                suggestions.onOpened(opened.ticketId(), text);
            }
        }
    }

    static List<Outcome.Opened> opened(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Opened o -> List.of(o);
            case Outcome.Several s -> s.parts().stream().map(CaseHooks::opened).flatMap(List::stream).toList();
            default -> List.of();
        };
    }
}
