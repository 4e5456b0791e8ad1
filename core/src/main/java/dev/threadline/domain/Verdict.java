package dev.threadline.domain;

/** Whether a follow-up message continues the open issue or raises a new one. */
public enum Verdict {
    /** Continues the open issue: append to its ticket. */
    SAME,
    /** A different issue: open a new ticket. */
    NEW
}
