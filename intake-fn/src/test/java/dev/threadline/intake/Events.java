package dev.threadline.intake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loads the unedited sample events under the repository's {@code events/} folder (SAM convention). */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Events() {}

    static APIGatewayV2HTTPEvent http(String name) {
        Path file = Path.of(System.getProperty("threadline.events.dir", "../events")).resolve(name);
        try {
            return JSON.readValue(file.toFile(), APIGatewayV2HTTPEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event " + file, e);
        }
    }
}
