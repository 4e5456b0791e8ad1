package dev.threadline.config;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

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

    /**
     * intake, or the sweeper when it polls the helpdesk ({@code HELPDESK_EVENTS=poll}): the beans that
     * turn a helpdesk change into a queued job (the ledger, the directory, the queue).
     */
    public static final class QueuesHelpdeskChanges implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return is(context, INTAKE) || pollingSweeper(context);
        }
    }

    /** ticket-fn, or the sweeper when it polls the helpdesk: the beans that call ERPNext. */
    public static final class CallsErpNext implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return is(context, TICKET) || pollingSweeper(context);
        }
    }

    /** intake and ticket-fn, and the sweeper when it polls: the job format and the ticket directory. */
    public static final class ReadsOrWritesJobs implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return is(context, INTAKE_OR_TICKET) || pollingSweeper(context);
        }
    }

    /** The sweeper (or the local stack) with {@code HELPDESK_EVENTS=poll}: the poll's own adapters. */
    public static final class PollsHelpdesk implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return pollingSweeper(context) || (is(context, "^local$") && polling(context));
        }
    }

    private static boolean polling(ConditionContext context) {
        return "poll".equals(property(context, "threadline.helpdesk-events").strip());
    }

    private static boolean pollingSweeper(ConditionContext context) {
        return is(context, "^sweeper$") && polling(context);
    }

    private static boolean is(ConditionContext context, String pattern) {
        return property(context, PROPERTY).matches(pattern);
    }

    private static String property(ConditionContext context, String name) {
        return context.getBeanContext() instanceof PropertyResolver resolver
                ? resolver.getProperty(name, String.class).orElse("") : "";
    }
}
