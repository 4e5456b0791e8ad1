package dev.threadline.adapter.whatsapp;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How replies are sent through Meta's Graph API (whatsapp.md §5, §6), validated when the messenger is
 * first built, so that a missing setting fails with one line naming its environment variable.
 *
 * <p>Properties under {@code threadline.whatsapp.send}; a function maps the environment onto them
 * ({@code threadline.whatsapp.send.access-token=${WHATSAPP_ACCESS_TOKEN:}} and so on):
 * <ul>
 *   <li>{@code graph-url} ({@code WHATSAPP_GRAPH_URL}, default {@code https://graph.facebook.com}).</li>
 *   <li>{@code version} (default {@code v23.0}): Graph versions live about two years each.</li>
 *   <li>The system-user token ({@code WHATSAPP_ACCESS_TOKEN}) is a credential: read at each send through
 *       {@code SecretValues}, never part of this record.</li>
 *   <li>{@code template-name}, {@code template-language} ({@code WHATSAPP_TEMPLATE_NAME},
 *       {@code WHATSAPP_TEMPLATE_LANGUAGE}, default {@code en}): the approved template that asks the
 *       customer to reply, the only message allowed outside the 24-hour window.</li>
 *   <li>{@code template-params} ({@code WHATSAPP_TEMPLATE_PARAMS}): comma-separated names of the
 *       values that fill the template's body parameters, in order (e.g. {@code ticket}); none by default.</li>
 *   <li>{@code timeout} (default PT5S): connect and read timeout per request.</li>
 * </ul>
 */
@ConfigurationProperties("threadline.whatsapp.send")
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public record WhatsAppSendConfig(
        @Nullable String graphUrl,
        @Nullable String version,
        @Nullable String templateName,
        @Nullable String templateLanguage,
        @Nullable List<String> templateParams,
        @Nullable Duration timeout) {

    /** {@code WHATSAPP_TEMPLATE_LANGUAGE} when unset; {@code WHATSAPP_TEMPLATE_PARAMS} defaults to none. */
    public static final String DEFAULT_TEMPLATE_LANGUAGE = "en";
    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");

    public WhatsAppSendConfig {
        graphUrl = blank(graphUrl) ? "https://graph.facebook.com" : stripSlash(graphUrl.strip());
        URI uri = URI.create(graphUrl);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("WHATSAPP_GRAPH_URL must be an http(s) URL");
        }
        version = blank(version) ? "v23.0" : version.strip();
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("threadline.whatsapp.send.version must look like v23.0, was " + version);
        }
        if (blank(templateName)) {
            throw new IllegalArgumentException("WHATSAPP_TEMPLATE_NAME must be set: the approved template sent outside the 24-hour window");
        }
        templateName = templateName.strip();
        templateLanguage = blank(templateLanguage) ? DEFAULT_TEMPLATE_LANGUAGE : templateLanguage.strip();
        templateParams = templateParams == null ? List.of() : templateParams.stream()
                .flatMap(p -> Arrays.stream(p.split(","))).map(String::strip).filter(p -> !p.isEmpty()).toList();
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("threadline.whatsapp.send.timeout must be positive, was " + timeout);
        }
    }

    /** {@code <graph-url>/<version>/<phone-number-id>/messages} (whatsapp.md §6). */
    URI messagesUri(String phoneNumberId) {
        return URI.create(graphUrl + "/" + version + "/" + phoneNumberId + "/messages");
    }

    @Override
    public String toString() {
        return "WhatsAppSendConfig[graphUrl=" + graphUrl + ", version=" + version + ", template="
                + templateName + "/" + templateLanguage + ", templateParams=" + templateParams + ", timeout=" + timeout + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
