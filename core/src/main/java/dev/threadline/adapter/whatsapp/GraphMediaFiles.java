package dev.threadline.adapter.whatsapp;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.adapter.JsonBodies;
import dev.threadline.application.port.MediaFiles;
import dev.threadline.config.Functions;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MediaFiles} on the Graph API, in the two steps of whatsapp.md §7, both with the system-user
 * token: {@code GET /{version}/{media-id}?phone_number_id=} answers a URL, the MIME type and the size;
 * {@code GET <url>} answers the bytes. The size cap and the type allow-list ({@link MediaConfig}) are
 * checked on the lookup's answer, before any byte is downloaded, and the cap again while reading (the
 * client refuses a longer body). The URL is valid for five minutes: a 404 or 401 on the download gets
 * one fresh URL, then the file counts as gone.
 *
 * <p>Retryable: no connection, a timeout, a 5xx, or a Graph error code with which Meta says "try later"
 * ({@link GraphAnswers#NOT_TAKEN}). Everything else is final. Reasons are short and carry no URL or token.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class GraphMediaFiles implements MediaFiles {

    private static final Logger LOG = LoggerFactory.getLogger(GraphMediaFiles.class);
    private static final long MB = 1024 * 1024;

    private final WhatsAppSendConfig send;
    private final MediaConfig media;
    private final SecretValues secrets;
    private final HttpClient client;

    public GraphMediaFiles(WhatsAppSendConfig send, MediaConfig media, SecretValues secrets) {
        this.send = send;
        this.media = media;
        this.secrets = secrets;
        DefaultHttpClientConfiguration http = new DefaultHttpClientConfiguration();
        http.setReadTimeout(send.timeout().multipliedBy(2)); // a 16 MB body takes longer than a send's answer
        http.setConnectTimeout(send.timeout());
        http.setFollowRedirects(false); // the token must never travel to a host Meta did not name
        http.setMaxContentLength(media.maxBytesValue()); // over the cap the client stops reading and fails
        this.client = HttpClient.create(null, http);
    }

    @Override
    public Media fetch(String phoneNumberId, String mediaId) {
        Located located = lookup(phoneNumberId, mediaId);
        try {
            return download(located);
        } catch (Expired first) {
            LOG.info("whatsapp media url expired or refused; asking for a fresh one", kv("status", first.status));
            try {
                return download(lookup(phoneNumberId, mediaId));
            } catch (Expired again) {
                throw MediaFailure.fatal("expired or gone (" + again.status + ")");
            }
        }
    }

    private record Located(URI url, String contentType, long size) {}

    /** A 404 or 401 on the download: the URL expired (five minutes), or the token does not fit it. */
    private static final class Expired extends Exception {
        final int status;

        Expired(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private Located lookup(String phoneNumberId, String mediaId) {
        URI uri = URI.create(send.graphUrl() + "/" + send.version() + "/" + URLEncoder.encode(mediaId, StandardCharsets.UTF_8)
                + "?phone_number_id=" + URLEncoder.encode(phoneNumberId, StandardCharsets.UTF_8));
        JsonNode answer = JsonBodies.tree(get(uri, "lookup").body());
        String url = answer.path("url").asText("");
        String type = MediaConfig.bare(answer.path("mime_type").asText(""));
        long size = answer.path("file_size").asLong(-1); // Meta sends it as a string of digits
        if (url.isEmpty()) {
            throw MediaFailure.retryable("WhatsApp's media lookup answered without a URL", null);
        }
        if (!media.allowedTypes().contains(type)) {
            throw MediaFailure.fatal("content type " + (type.isEmpty() ? "(none)" : type) + " not allowed");
        }
        if (size > media.maxBytesValue()) {
            throw MediaFailure.fatal(tooLarge(size));
        }
        URI download = URI.create(url);
        if (!sameScheme(download)) {
            throw MediaFailure.fatal("WhatsApp's media URL uses another scheme than WHATSAPP_GRAPH_URL");
        }
        return new Located(download, type, size);
    }

    private Media download(Located located) throws Expired {
        HttpResponse<byte[]> response;
        try {
            response = get(located.url(), "download");
        } catch (MediaFailure failure) {
            if (failure.getCause() instanceof HttpClientResponseException e && (e.code() == 404 || e.code() == 401)) {
                throw new Expired(e.code());
            }
            throw failure;
        }
        byte[] bytes = response.body() == null ? new byte[0] : response.body();
        if (bytes.length > media.maxBytesValue()) {
            throw MediaFailure.fatal(tooLarge(bytes.length));
        }
        return new Media(bytes, located.contentType(), bytes.length);
    }

    private HttpResponse<byte[]> get(URI uri, String step) {
        HttpRequest<?> request = HttpRequest.GET(uri).bearerAuth(secrets.get(Secret.WHATSAPP_ACCESS_TOKEN));
        try {
            return client.toBlocking().exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            throw refused(step, e);
        } catch (ContentLengthExceededException e) {
            throw MediaFailure.fatal("too large: over the " + media.maxBytesValue() / MB + " MB cap");
        } catch (HttpClientException e) {
            throw MediaFailure.retryable("WhatsApp media " + step + " failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** An error answer: Meta's Graph code decides where there is one, else the HTTP status (whatsapp.md §6). */
    private static MediaFailure refused(String step, HttpClientResponseException e) {
        JsonNode code = JsonBodies.tree(e.getResponse().getBody(byte[].class).orElse(null)).path("error").path("code");
        if (code.isInt()) {
            int c = code.asInt();
            if (GraphAnswers.NOT_TAKEN.contains(c)) {
                return MediaFailure.retryable("WhatsApp asked to retry the media " + step + " (Graph error " + c + ")", e);
            }
            return MediaFailure.fatal(c == 100 ? "expired or gone (WhatsApp no longer has this media id)"
                    : "WhatsApp refused the media " + step + " (Graph error " + c + ")");
        }
        if (e.code() >= 500 || e.code() == 429) {
            return MediaFailure.retryable("WhatsApp media " + step + " answered HTTP " + e.code(), e);
        }
        return MediaFailure.fatal("WhatsApp media " + step + " answered HTTP " + e.code(), e);
    }

    private boolean sameScheme(URI download) {
        String scheme = download.getScheme() == null ? "" : download.getScheme().toLowerCase(Locale.ROOT);
        return download.getHost() != null && (scheme.equals("https") || URI.create(send.graphUrl()).getScheme().equals(scheme));
    }

    private String tooLarge(long size) {
        return "too large: " + Math.max(1, (size + MB - 1) / MB) + " MB > " + media.maxBytesValue() / MB + " MB cap";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
