package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's emulator with {@code --data-dir}: a site kept in a file is the same site after a restart. */
class ErpNextFakeKeptTest {

    @TempDir
    Path dir;

    @Test
    void aSiteStartedAgainOnItsFile_hasItsDocumentsCustomFieldsAndNamingSeries() {
        Path file = dir.resolve("site.json");
        String first;
        try (ErpNextFake site = ErpNextFake.start(ErpNextOptions.defaults(), file)) {
            FakeHttp http = new FakeHttp(site);
            assertThat(http.post("/api/resource/Custom%20Field", Map.of("dt", "Issue", "label", "Idempotency Key",
                    "fieldname", "custom_idempotency_key", "fieldtype", "Data", "unique", 1)).status()).isEqualTo(200);
            first = http.post("/api/resource/Issue", Map.of("subject", "VPN down", "custom_idempotency_key", "k1"))
                    .json().at("/data/name").asText();
        }
        assertThat(file).exists();

        try (ErpNextFake site = ErpNextFake.start(ErpNextOptions.defaults(), file)) {
            FakeHttp http = new FakeHttp(site);
            assertThat(site.issues()).singleElement().satisfies(i -> assertThat(i.get("subject")).isEqualTo("VPN down"));
            assertThat(http.post("/api/resource/Issue", Map.of("subject", "again", "custom_idempotency_key", "k1")).status())
                    .as("the restored custom field is still unique").isEqualTo(417);
            String second = http.post("/api/resource/Issue", Map.of("subject", "printer", "custom_idempotency_key", "k2"))
                    .json().at("/data/name").asText();
            assertThat(second).as("the naming series continues").isNotEqualTo(first).endsWith("00002");
            assertThat(site.documents("Issue Priority")).hasSize(3); // seeded once, not again
        }
    }

    @Test
    void aSiteInMemory_writesNoFile() throws Exception {
        try (ErpNextFake site = ErpNextFake.start()) {
            new FakeHttp(site).post("/api/resource/Issue", Map.of("subject", "x"));
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
