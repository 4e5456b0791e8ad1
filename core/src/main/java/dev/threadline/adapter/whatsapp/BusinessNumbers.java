package dev.threadline.adapter.whatsapp;

import dev.threadline.config.Functions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business numbers whose webhooks Threadline acts on ({@code WHATSAPP_PHONE_NUMBER_IDS}, a
 * comma-separated list of Meta's {@code phone_number_id}s, whatsapp.md §2.1). Anything else reaching the
 * callback URL, such as the App Dashboard's "Test" sample or another number of the same account, is
 * acknowledged and ignored. The deploy requires the list; unset (the local stack) accepts every number.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.INTAKE)
public class BusinessNumbers {

    private static final Logger LOG = LoggerFactory.getLogger(BusinessNumbers.class);

    /** Empty: every number is ours. */
    private final Set<String> ids;

    public BusinessNumbers(@Value("${threadline.whatsapp.phone-number-ids:}") @Nullable String ids) {
        this.ids = parse(ids);
        if (this.ids.isEmpty()) {
            LOG.warn("WHATSAPP_PHONE_NUMBER_IDS is not set: webhooks for every business number are accepted");
        } else {
            LOG.info("accepting webhooks for {} business number(s)", this.ids.size());
        }
    }

    /** Whether a change for this {@code phone_number_id} is ours to act on. */
    public boolean ours(@Nullable String phoneNumberId) {
        return ids.isEmpty() || ids.contains(phoneNumberId);
    }

    static Set<String> parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<String> ids = Arrays.stream(text.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (ids.isEmpty() || !ids.stream().allMatch(id -> id.matches("[0-9]+"))) {
            // One line, as the Lambda runtime prints it. The value is not echoed: a mistake here is often a phone number.
            throw new IllegalArgumentException("WHATSAPP_PHONE_NUMBER_IDS must be Meta's phone_number_ids (digits, not phone "
                    + "numbers) separated by commas");
        }
        return ids;
    }
}
