package dev.threadline.adapter.dynamodb;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The Threadline table ({@code TABLE_NAME}) and how long message ledger records live
 * ({@code DEDUP_TTL}, at least 8 days because Meta redelivers for up to 7), and how long a
 * decision's judge inputs (customer text) are kept for replay ({@code JUDGE_INPUT_TTL}, default 30
 * days; the decision itself stays).
 */
@ConfigurationProperties("threadline.dynamodb")
@Requires(property = "threadline.dynamodb.table-name")
public record DynamoDbConfig(String tableName, @Bindable(defaultValue = "P8D") Duration dedupTtl,
                             @Bindable(defaultValue = "P30D") Duration judgeInputTtl) {

    static final Duration MIN_DEDUP_TTL = Duration.ofDays(8);

    public DynamoDbConfig {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set");
        }
        if (dedupTtl == null || dedupTtl.compareTo(MIN_DEDUP_TTL) < 0) {
            throw new IllegalArgumentException(
                    "DEDUP_TTL must be at least P8D: Meta redelivers webhooks for up to 7 days, got " + dedupTtl);
        }
        if (judgeInputTtl == null || judgeInputTtl.isNegative() || judgeInputTtl.isZero()) {
            throw new IllegalArgumentException("JUDGE_INPUT_TTL must be a positive ISO-8601 duration, got " + judgeInputTtl);
        }
    }
}
