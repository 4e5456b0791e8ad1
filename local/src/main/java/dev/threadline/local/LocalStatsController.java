package dev.threadline.local;

import dev.threadline.application.port.DailyStats;
import dev.threadline.adapter.dynamodb.DynamoDbDailyStats;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Stats for people on the local stack: {@code /stats} (a page), {@code /ops/stats} (JSON) and as text. */
@Controller
@Requires(property = "threadline.local", value = "true")
public class LocalStatsController {

    private final DailyStats stats;
    private final SqsClient sqs;
    private final String dlqUrl;
    private final Clock clock;

    public LocalStatsController(DailyStats stats, SqsClient sqs, Clock clock,
                                @Value("${threadline.sqs.dead-letter-queue-url}") String dlqUrl) {
        this.stats = stats;
        this.sqs = sqs;
        this.clock = clock;
        this.dlqUrl = dlqUrl;
    }

    @Get(value = "/stats", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> page(@QueryValue(defaultValue = "14") int days) {
        return days < 1 || days > DynamoDbDailyStats.MAX_DAYS ? badDays() : HttpResponse.ok(StatsPage.render(report(days)));
    }

    @Get(value = "/ops/stats", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> json(@QueryValue(defaultValue = "7") int days) {
        return days < 1 || days > DynamoDbDailyStats.MAX_DAYS
                ? HttpResponse.badRequest(Map.of("error", daysSentence())) : HttpResponse.ok(report(days).json());
    }

    @Get(value = "/ops/stats.txt", produces = MediaType.TEXT_PLAIN)
    public HttpResponse<String> text(@QueryValue(defaultValue = "7") int days) {
        return days < 1 || days > DynamoDbDailyStats.MAX_DAYS ? badDays() : HttpResponse.ok(report(days).text());
    }

    /** The last {@code days} UTC days, today included. */
    private StatsReport report(int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new StatsReport(stats.days(today.minusDays(days - 1L), today), stats.openSessions(),
                LocalOpsController.deadLetterDepth(sqs, dlqUrl));
    }

    private static HttpResponse<String> badDays() {
        return HttpResponse.<String>badRequest().body(daysSentence());
    }

    private static String daysSentence() {
        return "--days must be between 1 and " + DynamoDbDailyStats.MAX_DAYS;
    }
}
