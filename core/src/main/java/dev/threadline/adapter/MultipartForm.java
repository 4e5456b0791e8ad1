package dev.threadline.adapter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and one file, built in memory: Frappe's
 * {@code upload_file} (erpnext.md §17) and OpenAI's {@code /audio/transcriptions} both take this shape.
 * The boundary is random, so no file's bytes can contain it by chance in practice.
 */
public final class MultipartForm {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public MultipartForm() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        this.boundary = "threadline-" + HexFormat.of().formatHex(random);
    }

    public MultipartForm field(String name, String value) {
        head("form-data; name=\"" + quoted(name) + "\"", null);
        write(value.getBytes(StandardCharsets.UTF_8));
        write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    public MultipartForm file(String name, String fileName, String contentType, byte[] bytes) {
        head("form-data; name=\"" + quoted(name) + "\"; filename=\"" + quoted(fileName) + "\"", contentType);
        write(bytes);
        write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** The {@code Content-Type} header value, with the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body, closed with the final boundary. */
    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream(out.size() + boundary.length() + 8);
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return copy.toByteArray();
    }

    private void head(String disposition, String contentType) {
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: ").append(disposition).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Quotes and line breaks would end the header value early; file names are ours, but keep them inert. */
    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private void write(byte[] bytes) {
        out.writeBytes(bytes);
    }
}
