package dev.threadline.config;

/**
 * One cheap, read-only call an adapter makes through its own SDK client before a SnapStart snapshot
 * (see {@link SnapStartPriming}), so the snapshot holds that client's classes loaded and warm. Each
 * adapter that owns a client implements it; the SDK types stay in the adapter.
 */
public interface Primer {

    /** Makes the call. May throw: priming is an optimisation, and a failure is logged and ignored. */
    void prime();
}
