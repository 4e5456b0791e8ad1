package dev.threadline.emulators.erpnext;

import dev.threadline.emulators.erpnext.Meta.DocType;
import java.util.Set;

/**
 * Who a request runs as: the API key's user with its roles, or Guest (no Authorization header).
 */
record Session(String user, Set<String> roles) {

    static final Session GUEST = new Session("Guest", Set.of("Guest"));

    Session {
        roles = Set.copyOf(roles);
    }

    boolean guest() {
        return this == GUEST;
    }

    boolean canRead(DocType doctype) {
        return doctype.readRoles().stream().anyMatch(roles::contains) || canWrite(doctype);
    }

    boolean canWrite(DocType doctype) {
        return doctype.writeRoles().stream().anyMatch(roles::contains);
    }

    /**
     * 403 as {@code raise_no_permission_to} reports it, with {@code _error_message} (erpnext.md §5.1; the
     * exact wording on v15 is not verified, that section's example is followed).
     */
    FrappeException denied(String permission, DocType doctype) {
        return FrappeException.permission("You need the '" + permission + "' permission on <strong>"
                + doctype.name() + "</strong> to perform this action.");
    }

    void requireRead(DocType doctype) {
        if (!canRead(doctype)) {
            throw denied("read", doctype);
        }
    }

    void requireWrite(DocType doctype, String permission) {
        if (!canWrite(doctype)) {
            throw denied(permission, doctype);
        }
    }
}
