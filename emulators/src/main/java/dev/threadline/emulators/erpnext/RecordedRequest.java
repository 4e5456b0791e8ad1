package dev.threadline.emulators.erpnext;

/** One request as the fake answered it; {@code path} is URL-decoded, {@code query} raw. */
public record RecordedRequest(String method, String path, String query, int status) {}
