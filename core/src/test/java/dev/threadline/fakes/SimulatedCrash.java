package dev.threadline.fakes;

/**
 * The process dying at a chosen point. An {@link Error}, so that no {@code catch (RuntimeException)}
 * in the code under test can clean up after it, just as none could after a real crash.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String where) {
        super("simulated crash " + where);
    }
}
