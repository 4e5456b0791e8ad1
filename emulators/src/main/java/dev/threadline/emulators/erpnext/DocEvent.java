package dev.threadline.emulators.erpnext;

import java.util.Arrays;
import java.util.Optional;

/** The document events a Webhook can watch (erpnext.md §10.2), by their Frappe names. */
enum DocEvent {
    AFTER_INSERT("after_insert"),
    ON_UPDATE("on_update"),
    ON_CHANGE("on_change"),
    ON_TRASH("on_trash");

    final String frappeName;

    DocEvent(String frappeName) {
        this.frappeName = frappeName;
    }

    static Optional<DocEvent> of(String frappeName) {
        return Arrays.stream(values()).filter(e -> e.frappeName.equals(frappeName)).findFirst();
    }
}
