package dev.threadline.adapter.mattermost;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Notice;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** When no Mattermost webhook is configured: notices are logged by kind only (they may quote subjects). */
@Singleton
@Requires(missingBeans = MattermostConfig.class)
public class LogOnlyNotifier implements AgentNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(LogOnlyNotifier.class);

    @Override
    public boolean notify(Notice notice) {
        LOG.info("notice (no Mattermost configured)", kv("kind", notice.kind()));
        return false;
    }
}
