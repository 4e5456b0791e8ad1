package dev.threadline.adapter.mattermost;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How Mattermost is called. The incoming webhook's URL is itself a credential (anyone holding it can
 * post), so it is not here: it is read at each notice from {@code MATTERMOST_WEBHOOK_URL} through
 * {@link dev.threadline.config.SecretValues}, and notices are only logged while it is unset.
 */
@ConfigurationProperties("threadline.mattermost")
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public record MattermostConfig(@Bindable(defaultValue = "PT2S") Duration timeout) {
}
