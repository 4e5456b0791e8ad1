package dev.threadline.adapter.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhatsAppSendConfigTest {

    @Test
    void defaults_areMetasGraph_v23_english_noParameters_fiveSeconds() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("threadline.function", "ticket",
                "threadline.whatsapp.send.access-token", "EAAG-secret", "threadline.whatsapp.send.template-name", "reply_request"))) {
            WhatsAppSendConfig config = context.getBean(WhatsAppSendConfig.class);

            assertThat(config.messagesUri("109876543210987"))
                    .hasToString("https://graph.facebook.com/v23.0/109876543210987/messages");
            assertThat(config.templateLanguage()).isEqualTo("en");
            assertThat(config.templateParams()).isEmpty();
            assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void environmentStyleValues_blankMeansDefault_andParametersAreCommaSeparated() {
        WhatsAppSendConfig config = new WhatsAppSendConfig("http://127.0.0.1:9/", "", "reply_request", " de ",
                List.of("ticket, customer", ""), null);

        assertThat(config.messagesUri("1")).hasToString("http://127.0.0.1:9/v23.0/1/messages");
        assertThat(config.templateLanguage()).isEqualTo("de");
        assertThat(config.templateParams()).containsExactly("ticket", "customer");
    }

    @Test
    void aMissingTokenOrTemplate_failsWithOneLineNamingTheVariable() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("threadline.function", "ticket", "threadline.whatsapp.send.template-name", "r"))) {
            assertThatThrownBy(() -> context.getBean(GraphApiMessenger.class))
                    .rootCause().hasMessageContaining("WHATSAPP_ACCESS_TOKEN").hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> new WhatsAppSendConfig(null, null, null, null, null, null))
                .hasMessageStartingWith("WHATSAPP_TEMPLATE_NAME must be set").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> new WhatsAppSendConfig("graph.facebook.com", null, "r", null, null, null))
                .hasMessageContaining("WHATSAPP_GRAPH_URL");
        assertThatThrownBy(() -> new WhatsAppSendConfig(null, "23", "r", null, null, null))
                .hasMessageContaining("v23.0");
    }
}
