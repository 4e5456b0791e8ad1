package dev.threadline.adapter.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.domain.Transcript;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Customer text as ERPNext gets it: escaped HTML with each message's time and id, flagged posts, subjects. */
class IssueHtmlTest {

    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    private static Transcript lines(Transcript.Line... lines) {
        return new Transcript(List.of(lines));
    }

    @Test
    void aDescription_namesTheCustomer_andKeepsEachMessageWithItsTimeAndId_allEscaped() {
        String html = IssueHtml.description("Jana <b>K</b>", lines(new Transcript.Line("wamid.1", T0, "line one\n<b>bold</b> & more")));

        assertThat(html).contains("Jana &lt;b&gt;K&lt;/b&gt;", "2026-11-21 09:00:00 UTC", "wamid.1",
                "line one<br>&lt;b&gt;bold&lt;/b&gt; &amp; more").doesNotContain("<b>bold", "<b>K");
        assertThat(html).isEqualTo("<p><b>WhatsApp conversation</b> with Jana &lt;b&gt;K&lt;/b&gt;</p>"
                + "<p><b>2026-11-21 09:00:00 UTC</b> <small>wamid.1</small><br>line one<br>&lt;b&gt;bold&lt;/b&gt; &amp; more</p>");
    }

    @Test
    void aDescriptionWithoutAName_saysOnlyWhatItIs() {
        assertThat(IssueHtml.description(null, lines(new Transcript.Line("wamid.1", T0, "hi"))))
                .startsWith("<p><b>WhatsApp conversation</b></p><p>");
    }

    @Test
    void aPost_keepsEachMessageWithItsIdAndTime_andEscapesScript() {
        String html = IssueHtml.post(lines(
                new Transcript.Line("wamid.2", T0.plusSeconds(60), "tried again"),
                new Transcript.Line("wamid.3", T0.plusSeconds(61), "still nothing"),
                new Transcript.Line("wamid.4", T0.plusSeconds(62), "<script>alert(1)</script>")), false);

        assertThat(html).contains("wamid.2", "wamid.3", "wamid.4", "2026-11-21 09:01:02 UTC")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>").doesNotContain("could not decide");
    }

    @Test
    void aFlaggedPost_asksAPersonToCheck() {
        assertThat(IssueHtml.post(lines(new Transcript.Line("wamid.2", T0, "hmm")), true))
                .startsWith("<p><b>⚠ Threadline could not decide whether this continues the issue.</b>");
    }

    @Test
    void escapesTheFiveHtmlCharacters() {
        assertThat(IssueHtml.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void aPostsSubject_isItsFirstLine_cutLikeAnySubject() {
        assertThat(IssueHtml.postSubject(lines(new Transcript.Line("wamid.2", T0, "\n  Printer on fire \nhelp"))))
                .isEqualTo("WhatsApp: Printer on fire");
        String longOne = IssueHtml.postSubject(lines(new Transcript.Line("wamid.2", T0, "y".repeat(300))));
        assertThat(longOne).isEqualTo("WhatsApp: " + "y".repeat(139) + "…");
    }
}
