package dev.threadline.adapter.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The vectors are the ones in whatsapp.md §3 (key {@code test-app-secret}). */
class WebhookSignatureTest {

    private final WebhookSignature signature = new WebhookSignature("test-app-secret");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsTheContractVectorForAnAsciiBody() {
        assertThat(signature.verify(utf8("{\"object\":\"whatsapp_business_account\",\"entry\":[]}"),
                "sha256=c84a394cc475525991e78ff16e430b02e47f953877d2af0ade26956ce6f384dc")).isTrue();
    }

    @Test
    void acceptsTheContractVectorForAnEscapedUnicodeBody() {
        assertThat(signature.verify(utf8("{\"text\":{\"body\":\"caf\\u00e9 \\ud83d\\udc4d\"}}"),
                "sha256=74a682d671c13872888fea79f9ef6c479e2aa99646d15f0dc559bccbc5994a4c")).isTrue();
    }

    @Test
    void acceptsRawUtf8BytesSignedAsSent() {
        assertThat(signature.verify(utf8("{\"text\":{\"body\":\"café 👍\"}}"),
                "sha256=9385706413523cacfbf4034f356f8ffbc2b0c42030904801ed1de8ce873e8b3b")).isTrue();
    }

    @Test
    void acceptsRawUtf8BytesSignedOverTheEscapedForm_theDocumentedMetaBehaviour() {
        // Meta documents signing an escaped-unicode version of the payload; the fallback covers it.
        assertThat(signature.verify(utf8("{\"text\":{\"body\":\"café 👍\"}}"),
                "sha256=74a682d671c13872888fea79f9ef6c479e2aa99646d15f0dc559bccbc5994a4c")).isTrue();
    }

    @Test
    void escapesAccentsAndEmojiAsLowercaseUtf16Units() {
        assertThat(new String(WebhookSignature.escapeNonAscii(utf8("äöå 👍")), StandardCharsets.US_ASCII))
                .isEqualTo("\\u00e4\\u00f6\\u00e5 \\ud83d\\udc4d");
    }

    @Test
    void rejectsAWrongSignature() {
        assertThat(signature.verify(utf8("{\"object\":\"whatsapp_business_account\",\"entry\":[]}"),
                "sha256=c84a394cc475525991e78ff16e430b02e47f953877d2af0ade26956ce6f384dd")).isFalse();
    }

    @Test
    void rejectsATamperedBody() {
        assertThat(signature.verify(utf8("{\"object\":\"whatsapp_business_account\",\"entry\":[ ]}"),
                "sha256=c84a394cc475525991e78ff16e430b02e47f953877d2af0ade26956ce6f384dc")).isFalse();
    }

    @Test
    void rejectsMissingMalformedAndLegacyHeaders() {
        byte[] body = utf8("{}");
        String good = signature.sign(body);
        assertThat(signature.verify(body, good)).isTrue();
        assertThat(signature.verify(body, null)).isFalse();
        assertThat(signature.verify(body, "")).isFalse();
        assertThat(signature.verify(body, good.substring("sha256=".length()))).isFalse();
        assertThat(signature.verify(body, "sha1=" + good.substring("sha256=".length()))).isFalse();
        assertThat(signature.verify(body, good.substring(0, good.length() - 2))).isFalse();
        assertThat(signature.verify(body, "sha256=" + "zz".repeat(32))).isFalse();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        byte[] body = utf8("{}");
        assertThat(signature.verify(body, new WebhookSignature("other-secret").sign(body))).isFalse();
    }
}
