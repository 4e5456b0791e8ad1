package dev.threadline.ticket.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.adapter.dynamodb.DynamoDbCaseStore;
import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.adapter.index.InMemoryCaseIndex;
import dev.threadline.domain.CaseRecord;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.Provisioner;
import dev.threadline.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The default index on DynamoDB Local: one function instance learns a case, another instance's index
 * sees it after its refresh interval through the change journal (not before: it does not read the table
 * on every search), and a removal (no-learn) reaches it the same way. Sites never mix.
 */
@ExtendWith(AwsBackend.class)
class CaseIndexIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final DynamoDbCaseStore store;

    CaseIndexIT(AwsEndpoints aws) {
        Provisioner.Resources resources = Provisioner.provision(aws, "ci-" + UUID.randomUUID().toString().substring(0, 8));
        store = new DynamoDbCaseStore(aws.dynamoDbClient(), new DynamoDbConfig(resources.tableName(), Duration.ofDays(8),
                Duration.ofDays(30)), clock);
    }

    private CaseRecord record(String site, String ticket, float... v) {
        return new CaseRecord(ticket, site, "Problem: VPN 809\nFix: renewed the certificate", List.of("vpn"), "Network",
                clock.instant(), v, "m@1");
    }

    private InMemoryCaseIndex index() {
        return new InMemoryCaseIndex(store, clock, Duration.ofSeconds(30), DynamoDbCaseStore.JOURNAL_TTL);
    }

    @Test
    void anotherInstancesCaseArrivesWithTheNextRefresh_andItsRemovalToo() {
        store.put(record("erp.example.com", "ISS-1", 1, 0));
        InMemoryCaseIndex other = index();
        assertThat(other.nearest("erp.example.com", new float[] {1, 0}, 3)).hasSize(1); // the first search loads

        clock.advance(Duration.ofSeconds(5));
        store.put(record("erp.example.com", "ISS-2", 0, 1)); // learned by another instance
        store.put(record("other.example.com", "ISS-3", 0, 1));
        assertThat(other.nearest("erp.example.com", new float[] {0, 1}, 3)).as("not before the refresh interval").hasSize(1);

        clock.advance(Duration.ofSeconds(31));
        assertThat(other.nearest("erp.example.com", new float[] {0, 1}, 3)).extracting(c -> c.record().ticketId())
                .containsExactly("ISS-2", "ISS-1");

        store.remove("erp.example.com", "ISS-2");
        clock.advance(Duration.ofSeconds(31));
        assertThat(other.nearest("erp.example.com", new float[] {0, 1}, 3)).extracting(c -> c.record().ticketId())
                .containsExactly("ISS-1");
    }

    @Test
    void anInstanceIdleLongerThanTheJournalReloadsWhole() {
        InMemoryCaseIndex idle = index();
        assertThat(idle.size("s")).isZero();
        clock.advance(DynamoDbCaseStore.JOURNAL_TTL.plusMinutes(1));
        store.importAll(List.of(record("s", "ISS-7", 1, 0))); // no journal entry: only a whole reload finds it
        assertThat(idle.size("s")).isEqualTo(1);
    }

    @Test
    void theStoreKeepsTheVectorExactly() {
        store.put(record("s", "ISS-9", 0.6f, -0.8f));
        assertThat(store.find("s", "ISS-9")).get().satisfies(r -> {
            assertThat(r.embedding()).containsExactly(0.6f, -0.8f);
            assertThat(r.tags()).containsExactly("vpn");
            assertThat(r.summary()).isEqualTo("Problem: VPN 809\nFix: renewed the certificate");
        });
    }
}
