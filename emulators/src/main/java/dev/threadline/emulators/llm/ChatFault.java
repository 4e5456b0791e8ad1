package dev.threadline.emulators.llm;

import java.time.Duration;

/** A fault {@link OpenAiFake} injects into one chat completion request. */
sealed interface ChatFault {
    record Fail(int status) implements ChatFault {}
    record Delay(Duration delay) implements ChatFault {}
    record Garbage() implements ChatFault {}
    record Malformed() implements ChatFault {}
}
