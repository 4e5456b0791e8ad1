package dev.threadline.adapter;

import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and files, as Frappe's {@code upload_file}
 * (erpnext.md §17) and OpenAI's {@code /audio/transcriptions} both take it. Micronaut's HTTP client
 * encodes it (with its own boundary) when it is sent with {@link MediaType#MULTIPART_FORM_DATA_TYPE};
 * this class only keeps the adapters from depending on that builder's details.
 */
public final class MultipartForm {

    private final MultipartBody.Builder builder = MultipartBody.builder();

    public MultipartForm field(String name, String value) {
        builder.addPart(name, value);
        return this;
    }

    public MultipartForm file(String name, String fileName, String contentType, byte[] bytes) {
        builder.addPart(name, fileName, MediaType.of(contentType), bytes);
        return this;
    }

    /** The body for a request sent with {@code Content-Type: multipart/form-data}. */
    public MultipartBody body() {
        return builder.build();
    }
}
