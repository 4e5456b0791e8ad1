package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The form meta the desk loads ({@code frappe.desk.form.load.getdoctype}), which ticket-fn reads to know a site is set up. */
class ErpNextFakeMetaTest {

    private ErpNextFake fake;
    private FakeHttp http;

    private void start(ErpNextOptions options) {
        fake = ErpNextFake.start(options);
        http = new FakeHttp(fake);
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void theFormMeta_listsIssuesFields_withCustomFieldsAndTheirUniqueFlag_toAnyLoggedInUser() {
        start(ErpNextOptions.defaults().withRoles("Support Team"));
        JsonNode bare = http.get("/api/method/frappe.desk.form.load.getdoctype?doctype=Issue").json();
        assertThat(bare.at("/docs/0/name").asText()).isEqualTo("Issue");
        assertThat(fieldnames(bare)).contains("subject", "priority").doesNotContain("custom_idempotency_key");
        fake.close();

        start(ErpNextOptions.defaults().withThreadlineFields().withRoles("Support Team"));
        JsonNode setUp = http.get("/api/method/frappe.desk.form.load.getdoctype?doctype=Issue").json();
        JsonNode key = null;
        for (JsonNode field : setUp.at("/docs/0/fields")) {
            if (field.get("fieldname").asText().equals("custom_idempotency_key")) {
                key = field;
            }
        }
        assertThat(key).isNotNull();
        assertThat(key.get("unique").asInt()).isEqualTo(1);
        assertThat(key.get("is_custom_field").asInt()).isEqualTo(1);
        assertThat(key.get("fieldtype").asText()).isEqualTo("Data");
        assertThat(http.as(null).get("/api/method/frappe.desk.form.load.getdoctype?doctype=Issue").status())
                .as("a login is needed").isEqualTo(403);
        assertThat(http.get("/api/method/frappe.desk.form.load.getdoctype?doctype=Nope").status()).isEqualTo(404);
    }

    private static List<String> fieldnames(JsonNode getdoctype) {
        List<String> names = new ArrayList<>();
        getdoctype.at("/docs/0/fields").forEach(f -> names.add(f.get("fieldname").asText()));
        return names;
    }
}
