package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** erpnext.md §7.5 and §14.14: add_tag, the tags read back, and both tags and resolution_details on the page. */
class ErpNextFakeTagsTest {

    private ErpNextFake fake;
    private FakeHttp http;

    @BeforeEach
    void start() {
        fake = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields().withWebhookPause(d -> { }));
        http = new FakeHttp(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void addTag_appendsOnce_leavesModifiedAlone_andFiresNoWebhook() throws InterruptedException {
        String name = http.post("/api/resource/Issue", Map.of("subject", "VPN 809")).json().at("/data/name").asText();
        String modified = http.get("/api/resource/Issue/" + name).json().at("/data/modified").asText();

        for (String tag : new String[] {"vpn", "vpn", "network"}) {
            FakeHttp.Response answer = http.post("/api/method/frappe.desk.doctype.tag.tag.add_tag",
                    Map.of("tag", tag, "dt", "Issue", "dn", name));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("message").asText()).isEqualTo(tag);
        }

        var issue = http.get("/api/resource/Issue/" + name).json().path("data");
        assertThat(issue.path("_user_tags").asText()).isEqualTo(",vpn,network");
        assertThat(issue.path("modified").asText()).isEqualTo(modified);
        assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(fake.webhooks().log()).isEmpty();
    }

    @Test
    void aMissingDocumentIsNotFound() {
        assertThat(http.post("/api/method/frappe.desk.doctype.tag.tag.add_tag", Map.of("tag", "x", "dt", "Issue",
                "dn", "ISS-2026-99999")).status()).isEqualTo(404);
    }

    @Test
    void thePageShowsTagsAndResolutionDetails_sanitised() {
        String name = http.post("/api/resource/Issue", Map.of("subject", "VPN 809")).json().at("/data/name").asText();
        http.put("/api/resource/Issue/" + name, Map.of("resolution_details", "<p>Renewed the cert</p><script>x()</script>"));
        http.post("/api/method/frappe.desk.doctype.tag.tag.add_tag", Map.of("tag", "vpn", "dt", "Issue", "dn", name));

        String page = http.as(null).get("/").body();

        assertThat(page).contains("<span class=\"badge tag\">vpn</span>", "<h3>Resolution details</h3>", "Renewed the cert")
                .doesNotContain("<script>x()");
    }
}
