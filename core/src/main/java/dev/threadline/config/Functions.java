package dev.threadline.config;

/**
 * Which function a bean belongs to. Each function's application.properties sets {@code threadline.function}
 * ({@code intake}, {@code ticket}, {@code sweeper}); the local stack, which runs all three in one process,
 * sets {@code local}. A function-specific bean says whose it is with
 * {@code @Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)}, so each function creates only
 * the adapters and use cases it uses, whatever settings happen to be present: a missing setting of its own
 * then fails start-up naming the variable, instead of a bean silently vanishing.
 */
public final class Functions {

    public static final String PROPERTY = "threadline.function";
    public static final String INTAKE = "^(intake|local)$";
    public static final String TICKET = "^(ticket|local)$";
    public static final String SWEEPER = "^(sweeper|local)$";
    public static final String INTAKE_OR_TICKET = "^(intake|ticket|local)$";
    public static final String TICKET_OR_SWEEPER = "^(ticket|sweeper|local)$";

    private Functions() {}
}
