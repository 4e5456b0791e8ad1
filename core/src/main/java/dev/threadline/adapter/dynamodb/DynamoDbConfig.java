package dev.threadline.adapter.dynamodb;

import dev.threadline.config.Settings;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The Threadline table ({@code TABLE_NAME}, required by every function) and how long message ledger
 * records live ({@code DEDUP_TTL}, at least 8 days because Meta redelivers for up to 7), and how long a
 * decision's judge inputs (customer text) are kept for replay ({@code JUDGE_INPUT_TTL}; the decision
 * itself stays). The defaults are written here only.
 */
@Singleton
public record DynamoDbConfig(String tableName, Duration dedupTtl, Duration judgeInputTtl) {

    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofDays(8);
    public static final Duration DEFAULT_JUDGE_INPUT_TTL = Duration.ofDays(30);
    static final Duration MIN_DEDUP_TTL = Duration.ofDays(8);

    public DynamoDbConfig {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set: the DynamoDB table");
        }
        if (dedupTtl == null || dedupTtl.compareTo(MIN_DEDUP_TTL) < 0) {
            throw new IllegalArgumentException(
                    "DEDUP_TTL must be at least P8D: Meta redelivers webhooks for up to 7 days, got " + dedupTtl);
        }
        if (judgeInputTtl == null || judgeInputTtl.isNegative() || judgeInputTtl.isZero()) {
            throw new IllegalArgumentException("JUDGE_INPUT_TTL must be a positive ISO-8601 duration, got " + judgeInputTtl);
        }
    }

    /** From the function's properties; blank means the default. */
    @Inject
    public DynamoDbConfig(@Value("${threadline.dynamodb.table-name:}") String tableName,
                          @Value("${threadline.dynamodb.dedup-ttl:}") String dedupTtl,
                          @Value("${threadline.dynamodb.judge-input-ttl:}") String judgeInputTtl) {
        this(tableName, Settings.duration(dedupTtl, "DEDUP_TTL", DEFAULT_DEDUP_TTL),
                Settings.duration(judgeInputTtl, "JUDGE_INPUT_TTL", DEFAULT_JUDGE_INPUT_TTL));
    }
}
