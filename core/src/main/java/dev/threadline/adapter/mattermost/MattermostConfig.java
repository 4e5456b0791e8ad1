package dev.threadline.adapter.mattermost;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;

/**
 * Mattermost incoming webhook ({@code MATTERMOST_WEBHOOK_URL}). The URL is itself the secret:
 * anyone holding it can post, so it is never logged.
 */
@ConfigurationProperties("threadline.mattermost")
@Requires(property = "threadline.mattermost.webhook-url", pattern = ".+")
public record MattermostConfig(URI webhookUrl, @Bindable(defaultValue = "PT2S") Duration timeout) {

    @Override
    public String toString() {
        return "MattermostConfig[webhook redacted, timeout=" + timeout + "]";
    }
}
