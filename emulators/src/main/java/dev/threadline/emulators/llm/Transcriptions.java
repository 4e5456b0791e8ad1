package dev.threadline.emulators.llm;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code POST /v1/audio/transcriptions} as the fake serves it: a multipart request with a
 * {@code file} part and a {@code model} field answers {@code {"text": <the configured transcript>}};
 * without either, 400 in OpenAI's error shape. {@link #failNext} answers the next requests with an error.
 * The audio is not decoded: the transcript is whatever {@link #transcript} was set to.
 */
public final class Transcriptions {

    /** What the fake transcribes every voice note to, unless told otherwise. */
    public static final String DEFAULT_TRANSCRIPT = "Hello, my router has been blinking red since this morning.";

    private static final Pattern MODEL = Pattern.compile("name=\"model\"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n--");
    private static final Pattern FILE = Pattern.compile("name=\"file\"; filename=\"([^\"]*)\"");

    /** One request: the model, the audio's file name and its part's size in the body, the Authorization header. */
    public record Request(String model, String fileName, int bodyBytes, String authorization) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 500;
    private volatile String transcript = DEFAULT_TRANSCRIPT;

    Transcriptions() {}

    /** Every following request is answered with this text. */
    public Transcriptions transcript(String text) {
        this.transcript = Objects.requireNonNull(text);
        return this;
    }

    /** The next {@code n} requests get {@code status} with an OpenAI error body. */
    public Transcriptions failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    void handle(HttpExchange exchange, byte[] in) throws IOException {
        String body = new String(in, StandardCharsets.ISO_8859_1); // byte for byte: the audio is binary
        Matcher model = MODEL.matcher(body);
        Matcher file = FILE.matcher(body);
        String modelName = model.find() ? model.group(1) : null;
        String fileName = file.find() ? file.group(1) : null;
        requests.add(new Request(modelName, fileName, in.length, exchange.getRequestHeaders().getFirst("Authorization")));
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ChatDocuments.send(exchange, failStatus, ChatDocuments.error("Injected failure", "server_error", null));
        } else if (fileName == null || modelName == null) {
            ChatDocuments.send(exchange, 400, ChatDocuments.error(fileName == null ? "You must provide a file."
                    : "You must provide a model parameter.", "invalid_request_error", null));
        } else {
            ChatDocuments.send(exchange, 200, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", transcript));
        }
    }
}
