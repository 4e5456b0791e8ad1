package dev.threadline.adapter.mattermost;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.adapter.mattermost.MattermostWebhook.NoticeFailure;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Notice;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentNotifier} via a Mattermost incoming webhook ({@link MattermostWebhook}, which retries
 * transient failures), each notice rendered by {@link NoticeMarkdown}. Best effort: a notice that is
 * still not delivered is logged and counted ({@code NoticesFailed}), never thrown into the ticket flow.
 */
@Singleton
@Requires(beans = MattermostConfig.class)
public class MattermostNotifier implements AgentNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(MattermostNotifier.class);

    private final MattermostWebhook webhook;
    private final Metrics metrics;

    public MattermostNotifier(MattermostWebhook webhook, Metrics metrics) {
        this.webhook = webhook;
        this.metrics = metrics;
    }

    @Override
    public boolean notify(Notice notice) {
        try {
            webhook.post(NoticeMarkdown.render(notice));
            return true;
        } catch (RuntimeException e) {
            String error = e instanceof NoticeFailure ? e.getMessage() : e.getClass().getSimpleName();
            LOG.warn("mattermost notice not delivered", kv("kind", notice.kind()), kv("error", error));
            metrics.counts(Map.of("NoticesFailed", 1L));
            return false;
        }
    }
}
