package dev.threadline.adapter.mattermost;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.AgentNotifier;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentNotifier} via a Mattermost incoming webhook (whatsapp.md §8.1):
 * {@code POST} with {@code Content-Type: application/json} and {@code {"text": ...}}; success is
 * 200 {@code ok}. One attempt with a short timeout: a notice is never worth delaying a ticket.
 */
@Singleton
@Requires(beans = MattermostConfig.class)
public class MattermostNotifier implements AgentNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(MattermostNotifier.class);

    private final MattermostConfig config;
    private final HttpClient client;

    public MattermostNotifier(MattermostConfig config) {
        this.config = config;
        DefaultHttpClientConfiguration http = new DefaultHttpClientConfiguration();
        http.setReadTimeout(config.timeout());
        http.setConnectTimeout(config.timeout());
        this.client = HttpClient.create(null, http);
    }

    @Override
    public boolean notify(Notice notice) {
        try {
            client.toBlocking().exchange(HttpRequest.POST(config.webhookUrl(), Map.of("text", notice.markdown()))
                    .contentType(MediaType.APPLICATION_JSON_TYPE));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("mattermost notice not delivered", kv("kind", notice.kind()), kv("error", e.getClass().getSimpleName()));
            return false;
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
