package dev.threadline.adapter.mattermost;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.adapter.mattermost.MattermostWebhook.NoticeFailure;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Notice;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentNotifier} via a Mattermost incoming webhook ({@link MattermostWebhook}, which retries
 * transient failures), each notice rendered by {@link NoticeMarkdown}. Best effort: a notice that is still not delivered is logged and counted
 * ({@code NoticesFailed}), never thrown into the ticket flow. The webhook URL is read at each notice
 * ({@code MATTERMOST_WEBHOOK_URL}, a credential), so a rotated URL is used without a restart; while it
 * is unset, notices are logged by kind only (they may quote subjects).
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class MattermostNotifier implements AgentNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(MattermostNotifier.class);

    private final MattermostWebhook webhook;
    private final Metrics metrics;
    private final SecretValues secrets;

    public MattermostNotifier(MattermostWebhook webhook, Metrics metrics, SecretValues secrets) {
        this.webhook = webhook;
        this.metrics = metrics;
        this.secrets = secrets;
    }

    @Override
    public boolean notify(Notice notice) {
        Optional<String> url = secrets.find(Secret.MATTERMOST_WEBHOOK_URL);
        if (url.isEmpty()) {
            LOG.info("notice (no Mattermost configured)", kv("kind", notice.kind()));
            return false;
        }
        try {
            webhook.post(URI.create(url.get().strip()), NoticeMarkdown.render(notice));
            return true;
        } catch (RuntimeException e) {
            // Never the exception's message otherwise: URI.create quotes the URL, which is the credential.
            String error = e instanceof NoticeFailure ? e.getMessage() : e.getClass().getSimpleName();
            LOG.warn("mattermost notice not delivered", kv("kind", notice.kind()), kv("error", error));
            metrics.counts(Map.of("NoticesFailed", 1L));
            return false;
        }
    }
}
