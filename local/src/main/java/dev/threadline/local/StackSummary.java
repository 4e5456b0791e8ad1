package dev.threadline.local;

import dev.threadline.adapter.judge.CascadeJudge;
import dev.threadline.adapter.judge.OfflineJudge;
import dev.threadline.application.ReplyPolicy;
import dev.threadline.application.port.IssueJudge;
import java.time.Duration;

/** The summary {@code ./threadline run} prints once the stack is ready: what runs where, and how to look at it. */
final class StackSummary {

    private StackSummary() {}

    /** One short summary of what runs where. */
    static String render(Stack s, Duration startup) {
        StringBuilder out = new StringBuilder();
        out.append("\nThreadline local stack ready in ").append(startup.toMillis()).append(" ms\n");
        out.append("  webhook     ").append(s.baseUrl()).append("/webhooks/whatsapp   (health: ").append(s.baseUrl()).append("/health)\n");
        out.append("  DynamoDB    embedded DynamoDB Local, table ").append(s.resources.tableName())
                .append(s.dataDir == null ? ", in memory" : ", data in " + s.dataDir).append('\n');
        out.append("  SQS         embedded ElasticMQ, FIFO queue + dead-letter queue (")
                .append(LocalOpsController.deadLetterDepth(s.sqs, s.resources.deadLetterQueueUrl())).append(" dead-lettered), ")
                .append(s.dataDir == null ? "in memory" : "data in " + s.dataDir + ", jobs resumed: " + s.resent).append('\n');
        out.append("              visibility ").append(s.timings.visibilityTimeout().toSeconds()).append(" s, ")
                .append(s.timings.maxReceiveCount()).append(" receives, claim lease ").append(s.timings.pendingLease())
                .append(" (as deployed); ").append(s.pollers.size()).append(" ticket pollers, sweeper every ")
                .append(s.sweepInterval()).append('\n');
        out.append("  ERPNext     ").append(s.erpnextEmulator != null
                ? "embedded emulator, issues at " + s.erpnextEmulator.baseUrl() + "/" + (s.dataDir == null ? "" : ", kept in " + s.dataDir)
                : "REAL site " + s.env.get("ERPNEXT_URL")).append("; setup: ").append(s.erpnextSetup).append('\n');
        out.append("  LLM         ").append(s.llmEmulator != null
                ? "none: an embedded stand-in classifies new tickets by keywords (type, priority)"
                : "REAL OpenAI-compatible server " + s.env.get("LLM_BASE_URL") + ", model " + s.env.getOrDefault("LLM_MODEL", "?"))
                .append('\n');
        out.append("  SAME/NEW    ").append(describeJudge(s)).append('\n');
        out.append("  Mattermost  ").append(s.isSet("MATTERMOST_WEBHOOK_URL") ? "REAL incoming webhook" : "off (notices are logged)")
                .append('\n');
        out.append("  WhatsApp    ").append(s.isSet("WHATSAPP_APP_SECRET") ? "app secret from the environment"
                : "local app secret '" + Stack.DEFAULT_APP_SECRET + "', verify token '" + Stack.DEFAULT_VERIFY_TOKEN + "'").append('\n');
        out.append("  replies     ").append(s.whatsappEmulator != null
                ? "to an embedded WhatsApp Cloud API emulator at " + s.whatsappEmulator.baseUrl() + " (24-hour window, template "
                        + Stack.LOCAL_TEMPLATE + ", status webhooks back to this stack)"
                : "REAL Graph API " + s.env.get("WHATSAPP_GRAPH_URL"))
                .append("; an agent's Comment starting with '")
                .append(s.env.getOrDefault("REPLY_MARKER", ReplyPolicy.DEFAULT_MARKER)).append("' is sent, any other stays internal\n");
        out.append("  stats       ").append(s.baseUrl()).append("/stats   (or ./threadline stats)\n");
        out.append("  try         ./threadline demo      (Ctrl-C stops the stack)\n");
        return out.toString();
    }

    private static String describeJudge(Stack s) {
        return switch (s.context.getBean(IssueJudge.class)) {
            case OfflineJudge o -> "offline judge " + o.version() + " (in-process embeddings, no network)";
            case CascadeJudge c -> "offline judge " + s.context.getBean(OfflineJudge.class).version() + ", then the LLM when it is unsure";
            default -> "the LLM for every follow-up (JUDGE_MODE=llm)";
        };
    }
}
