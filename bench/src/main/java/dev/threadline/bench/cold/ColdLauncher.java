package dev.threadline.bench.cold;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

/**
 * The child process of the cold-start benchmark, standing in for Lambda's Java runtime: load the
 * handler class from the function's jar, build it with its no-arg constructor (Lambda's init phase),
 * invoke it once with a sample event against the parent's servers (the first invoke), then print one
 * marker line and exit. Runs on the function jar plus this package only, so it uses nothing but the
 * JDK and the Lambda event types.
 *
 * <p>Usage: {@code ColdLauncher <intake|ticket|sweeper|none> <handler class>}; the event's inputs come
 * from {@code BENCH_*} environment variables set by {@code ColdStart}.
 */
public final class ColdLauncher {

    /** The parent reads this prefix; the time it sees it is the cold start. */
    public static final String MARKER = "BENCH-HANDLED";

    private ColdLauncher() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable failure) {
            // A handler whose init failed may leave non-daemon threads behind: exit, don't hang.
            failure.printStackTrace(System.out);
            System.out.println(MARKER + " ok=false init_ms=0 invoke_ms=0 failure=" + failure);
            System.out.flush();
            System.exit(2);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void run(String[] args) throws Exception {
        String function = args[0];
        if (function.equals("none")) {
            System.out.println(MARKER + " ok=true init_ms=0 invoke_ms=0");
            System.exit(0);
        }
        long t0 = System.nanoTime();
        RequestHandler handler = (RequestHandler) Class.forName(args[1]).getDeclaredConstructor().newInstance();
        long t1 = System.nanoTime();
        Object event = switch (function) {
            case "intake" -> SampleEvents.webhook(SampleEvents.webhookBody(env("BENCH_WA_ID"), env("BENCH_WAMID"),
                    System.currentTimeMillis() / 1000, "Cold Start", "Printer on floor 3 is jammed"), env("WHATSAPP_APP_SECRET"));
            case "ticket" -> SampleEvents.sqs(env("BENCH_JOB_BODY"), env("BENCH_GROUP_ID"), env("BENCH_DEDUP_ID"));
            case "sweeper" -> SampleEvents.schedule();
            default -> throw new IllegalArgumentException("unknown function " + function);
        };
        Object result = handler.handleRequest(event, new FixedContext(function + "-fn"));
        long t2 = System.nanoTime();
        boolean ok = switch (result) {
            case APIGatewayV2HTTPResponse r -> r.getStatusCode() == 200 && r.getBody().contains("\"queued\":1");
            case SQSBatchResponse r -> r.getBatchItemFailures().isEmpty();
            case null -> false;
            default -> true;
        };
        System.out.println(MARKER + " ok=" + ok + " init_ms=" + (t1 - t0) / 1_000_000 + " invoke_ms=" + (t2 - t1) / 1_000_000
                + " result=" + String.valueOf(result).replace('\n', ' '));
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
