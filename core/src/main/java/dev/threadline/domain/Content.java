package dev.threadline.domain;

import java.util.List;
import java.util.Objects;

/**
 * What one WhatsApp message carries, by kind (whatsapp.md §2.4). Each kind decides for itself whether
 * it can open a ticket and how it reads as text for people, the judge and the classifier; the rules per
 * kind live here and nowhere else.
 */
public sealed interface Content {

    /** Whether this message may open a ticket on its own; the others only annotate an open one. */
    boolean opensTicket();

    /** The message as plain text, or {@code null} when it says nothing a person would read. */
    String text();

    /**
     * Whether the customer wrote words of their own (a text, a caption, a transcript). Only such a message
     * can state a new issue: a location, a contact card or a bare photo sent during an episode belongs to it.
     */
    default boolean hasWords() {
        return false;
    }

    /** Something the customer said: a text, a tapped button or list row, an order's note. */
    record Said(String text) implements Content {
        public Said {
            text = text == null ? "" : text;
        }

        @Override
        public boolean opensTicket() {
            return true;
        }

        @Override
        public boolean hasWords() {
            return !text.isBlank();
        }
    }

    /**
     * A file to fetch from Meta within 7 days (whatsapp.md §7).
     *
     * @param kind {@code image}, {@code video}, {@code audio}, {@code document} or {@code sticker}
     * @param mediaId Meta's media id
     * @param mimeType as Meta declared it, or {@code null}
     * @param fileName the document's file name, or {@code null}
     * @param caption the customer's caption, or {@code null}
     * @param voice a recorded voice note (audio only)
     * @param transcript the voice note's transcript, once transcribed, else {@code null}
     */
    record Media(String kind, String mediaId, String mimeType, String fileName, String caption, boolean voice,
                 String transcript) implements Content {
        public Media {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(mediaId, "mediaId");
        }

        /** A sticker alone is a reaction in picture form: it never opens a ticket. */
        @Override
        public boolean opensTicket() {
            return !"sticker".equals(kind);
        }

        @Override
        public String text() {
            String label = voice ? "voice note" : kind;
            String said = transcript != null ? "\"" + transcript + "\"" : caption;
            String named = fileName == null ? "[" + label + "]" : "[" + label + ": " + fileName + "]";
            return said == null ? named : named + " " + said;
        }

        @Override
        public boolean hasWords() {
            return caption != null || transcript != null;
        }

        public Media transcribed(String text) {
            return new Media(kind, mediaId, mimeType, fileName, caption, voice, text);
        }
    }

    /** A shared location; every part but the coordinates is optional. */
    record Location(double latitude, double longitude, String name, String address, String url) implements Content {
        @Override
        public boolean opensTicket() {
            return true;
        }

        @Override
        public String text() {
            StringBuilder out = new StringBuilder("[location]");
            if (name != null) {
                out.append(' ').append(name);
            }
            if (address != null) {
                out.append(name != null ? ", " : " ").append(address);
            }
            out.append(" (").append(latitude).append(", ").append(longitude).append(") ")
                    .append("https://www.openstreetmap.org/?mlat=").append(latitude).append("&mlon=").append(longitude)
                    .append("#map=17/").append(latitude).append('/').append(longitude);
            if (url != null) {
                out.append(' ').append(url);
            }
            return out.toString();
        }
    }

    /** Shared contact cards: the names and numbers, which is what an agent needs from them. */
    record Contacts(List<Card> cards) implements Content {
        public Contacts {
            cards = List.copyOf(cards);
        }

        @Override
        public boolean opensTicket() {
            return true;
        }

        @Override
        public String text() {
            StringBuilder out = new StringBuilder("[contacts]");
            for (Card card : cards) {
                out.append("\n").append(card.name() == null ? "(no name)" : card.name());
                if (!card.phones().isEmpty()) {
                    out.append(": ").append(String.join(", ", card.phones()));
                }
            }
            return out.toString();
        }

        /** One shared contact. */
        public record Card(String name, List<String> phones) {
            public Card {
                phones = List.copyOf(phones);
            }
        }
    }

    /**
     * A reaction to one of our messages; {@code emoji} is {@code null} when the customer removed it.
     *
     * @param messageId the wamid reacted to
     */
    record Reaction(String emoji, String messageId) implements Content {
        @Override
        public boolean opensTicket() {
            return false;
        }

        @Override
        public String text() {
            return emoji == null ? null : "Customer reacted " + emoji + " to a message";
        }
    }

    /**
     * WhatsApp says the customer's identity changed ({@code system} of type {@code user_changed_number},
     * {@code customer_changed_number} or {@code user_changed_user_id}).
     *
     * @param newPhone the new WhatsApp id (phone digits), if Meta gave one
     * @param newUserId the new business-scoped user id, if Meta gave one
     */
    record IdentityChanged(String newPhone, String newUserId) implements Content {
        @Override
        public boolean opensTicket() {
            return false;
        }

        @Override
        public String text() {
            return "The customer changed their WhatsApp number; replies now go to the new one.";
        }
    }

    /**
     * A message Threadline cannot show: {@code unsupported}, {@code unknown}, other {@code system}
     * messages, {@code request_welcome}, or a type newer than this code.
     *
     * @param kind the message type, with its subtype when Meta gives one (e.g. {@code unsupported/poll_creation})
     */
    record Unshown(String kind) implements Content {
        @Override
        public boolean opensTicket() {
            return false;
        }

        @Override
        public String text() {
            return "The customer sent a message WhatsApp does not pass on (" + kind + "); ask them to resend it as text if needed.";
        }
    }
}
