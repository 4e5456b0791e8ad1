package dev.threadline.adapter.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FrappeErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void decodesTheDoubleEncodedServerMessages_ofTheContractsExample() throws Exception {
        // erpnext.md §5.1, byte for byte
        JsonNode body = body("{\"exception\":\"frappe.exceptions.LinkValidationError: Could not find Priority: Urgent\","
                + "\"exc_type\":\"LinkValidationError\",\"exc\":\"[\\\"Traceback (most recent call last):\\\\n ...\\\"]\","
                + "\"_server_messages\":\"[\\\"{\\\\\\\"message\\\\\\\": \\\\\\\"Could not find Priority: Urgent\\\\\\\", "
                + "\\\\\\\"title\\\\\\\": \\\\\\\"Message\\\\\\\", \\\\\\\"indicator\\\\\\\": \\\\\\\"red\\\\\\\", "
                + "\\\\\\\"raise_exception\\\\\\\": 1, \\\\\\\"__frappe_exc_id\\\\\\\": \\\\\\\"8f1c2e\\\\\\\"}\\\"]\"}");

        assertThat(FrappeErrors.messages(body)).containsExactly("Could not find Priority: Urgent");
        assertThat(FrappeErrors.excType(body)).isEqualTo("LinkValidationError");
    }

    @Test
    void stripsHtml_decodesEntities_andKeepsEveryMessageInOrder() throws Exception {
        JsonNode body = body("{\"_server_messages\":" + JSON.writeValueAsString(JSON.writeValueAsString(new String[] {
                "{\"message\": \"A field with the name <strong>x</strong> already exists in Issue\"}",
                "{\"message\": \"<details><summary>Error</summary>a &lt; b &amp;&amp; c</details>\"}"})) + "}");

        assertThat(FrappeErrors.messages(body)).containsExactly(
                "A field with the name x already exists in Issue", "Error a < b && c");
    }

    @Test
    void readsTheErrorMessageOfPermissionChecks() throws Exception {
        JsonNode body = body("{\"exc_type\":\"PermissionError\",\"_error_message\":\"You need the 'create' permission on"
                + " <strong>Communication</strong> to perform this action.\"}");

        assertThat(FrappeErrors.messages(body))
                .containsExactly("You need the 'create' permission on Communication to perform this action.");
    }

    @Test
    void toleratesWhatCannotBeDecoded() throws Exception {
        assertThat(FrappeErrors.messages(null)).isEmpty();
        assertThat(FrappeErrors.messages(body("{\"exc_type\":\"AuthenticationError\"}"))).isEmpty();
        assertThat(FrappeErrors.messages(body("{\"_server_messages\":\"not json <b>at all</b>\"}")))
                .containsExactly("not json at all");
        assertThat(FrappeErrors.messages(body("{\"_server_messages\":\"[\\\"plain <i>string</i>\\\"]\"}")))
                .as("an inner string that is not JSON").containsExactly("plain string");
        assertThat(FrappeErrors.excType(body("{\"exc_type\":3}"))).isNull();
    }
}
