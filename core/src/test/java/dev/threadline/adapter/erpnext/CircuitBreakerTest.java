package dev.threadline.adapter.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import dev.threadline.fakes.MutableClock;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));
    private final CircuitBreaker circuit = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterTheThresholdOfConsecutiveFailures_forTheConfiguredTime() {
        assertThat(circuit.onFailure()).isFalse();
        assertThat(circuit.onFailure()).isFalse();
        assertThat(circuit.openUntil()).isEmpty();

        assertThat(circuit.onFailure()).isTrue();

        assertThat(circuit.openUntil()).contains(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(circuit.openUntil()).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(circuit.openUntil()).as("half-open: calls go through again").isEmpty();
    }

    @Test
    void aSuccessResetsTheCount() {
        circuit.onFailure();
        circuit.onFailure();
        circuit.onSuccess();
        circuit.onFailure();
        circuit.onFailure();

        assertThat(circuit.openUntil()).isEmpty();
        assertThat(circuit.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void whenHalfOpen_oneFailureReopens_andOneSuccessCloses() {
        for (int i = 0; i < 3; i++) {
            circuit.onFailure();
        }
        clock.advance(Duration.ofSeconds(30));

        assertThat(circuit.onFailure()).isTrue();
        assertThat(circuit.openUntil()).isPresent();

        clock.advance(Duration.ofSeconds(30));
        circuit.onSuccess();
        circuit.onFailure();
        assertThat(circuit.openUntil()).isEmpty();
    }
}
