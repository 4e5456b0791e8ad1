package dev.threadline.emulators.erpnext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code validate_auth} (erpnext.md §2): {@code token key:secret} or {@code Basic base64(key:secret)}, the
 * scheme case-insensitive; a two-part header that authenticates nobody is a 401; no header (or
 * one with other than two parts) runs as Guest.
 */
final class Authentication {

    private final ErpNextOptions options;

    Authentication(ErpNextOptions options) {
        this.options = options;
    }

    Session of(String header) {
        if (header == null) {
            return Session.GUEST;
        }
        String[] parts = header.split(" ", -1);
        if (parts.length != 2) {
            return Session.GUEST;
        }
        String credentials = parts[1];
        if (parts[0].equalsIgnoreCase("basic")) {
            try {
                credentials = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw FrappeException.thrown(400, "InvalidAuthorizationToken",
                        "Failed to decode token, please provide a valid base64-encoded token.");
            }
        } else if (!parts[0].equalsIgnoreCase("token")) {
            throw FrappeException.bare(401, "AuthenticationError", "");
        }
        String[] keySecret = credentials.split(":", -1);
        if (keySecret.length == 2 && keySecret[0].equals(options.apiKey()) && keySecret[1].equals(options.apiSecret())) {
            return new Session(options.user(), options.roles());
        }
        throw FrappeException.bare(401, "AuthenticationError", "");
    }
}
