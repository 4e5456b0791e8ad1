package dev.threadline.application;

import static dev.threadline.application.MediaStack.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.port.Transcriber;
import dev.threadline.domain.Content;
import dev.threadline.domain.InboundMessage;
import dev.threadline.emulators.llm.Transcriptions;
import dev.threadline.fakes.RecordingMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TranscribeVoice} with the real adapters against the WhatsApp and OpenAI-compatible emulators. */
class TranscribeVoiceTest {

    private static final byte[] OGG = {79, 103, 103, 83, 0, 2, 0, 0};

    private final MediaStack stack = new MediaStack(Map.of());
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void close() {
        stack.close();
    }

    private TranscribeVoice transcribeVoice() {
        return new TranscribeVoice(stack.context.getBean(Transcriber.class), stack.files(), metrics, stack.clock, stack.pause());
    }

    @Test
    void aVoiceNote_getsItsTranscript_intoTheTextTheJudgeAndTheTicketRead_otherMessagesUnchanged() {
        stack.whatsapp.media().register("3044556677889900", OGG, "audio/ogg; codecs=opus");
        InboundMessage text = message("text");

        List<InboundMessage> out = transcribeVoice().transcribe(List.of(text, message("voice")));

        assertThat(out.get(0)).isSameAs(text);
        Content.Media voice = (Content.Media) out.get(1).content();
        assertThat(voice.transcript()).isEqualTo(Transcriptions.DEFAULT_TRANSCRIPT);
        assertThat(voice.text()).isEqualTo("[voice note] \"" + Transcriptions.DEFAULT_TRANSCRIPT + "\"");
        Transcriptions.Request request = stack.llm.transcriptions().requests().getFirst();
        assertThat(request.model()).isEqualTo("whisper-1");
        assertThat(request.fileName()).isEqualTo("wa-3044556677889900-voice.ogg");
        assertThat(metrics.total("VoiceTranscribed")).isEqualTo(1);
    }

    @Test
    void aFailedTranscription_leavesTheVoiceNoteAsItWas_countsIt_andNeverThrows() {
        stack.whatsapp.media().register("3044556677889900", OGG, "audio/ogg");
        stack.llm.transcriptions().failNext(1, 500);
        InboundMessage voice = message("voice");

        List<InboundMessage> out = transcribeVoice().transcribe(List.of(voice));

        assertThat(out).containsExactly(voice);
        assertThat(((Content.Media) out.getFirst().content()).transcript()).isNull();
        assertThat(metrics.total("TranscriptionFailed")).isEqualTo(1);
    }

    @Test
    void aVoiceNoteThatCannotBeDownloaded_staysUntranscribed_withoutAskingTheServer() {
        InboundMessage voice = message("voice"); // its media id is not registered: gone

        assertThat(transcribeVoice().transcribe(List.of(voice))).containsExactly(voice);
        assertThat(stack.llm.transcriptions().requests()).isEmpty();
        assertThat(metrics.total("TranscriptionFailed")).isEqualTo(1);
    }

    @Test
    void withoutTranscribeBaseUrl_thereIsNoTranscriber_andMessagesPassUnchanged() {
        try (MediaStack off = new MediaStack(Map.of("threadline.transcribe.base-url", ""))) {
            off.whatsapp.media().register("3044556677889900", OGG, "audio/ogg");
            assertThat(off.context.containsBean(Transcriber.class)).isFalse();
            InboundMessage voice = message("voice");

            List<InboundMessage> out = off.context.getBean(TranscribeVoice.class).transcribe(List.of(voice));

            assertThat(out).containsExactly(voice);
            assertThat(off.llm.transcriptions().requests()).isEmpty();
        }
    }
}
