package dev.threadline.adapter.erpnext;

import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The mutable state of one run, and the rule that one failed step does not stop the others. */
final class SetupRun {
    final PrintStream out;
    final List<String> sitePriorities = new ArrayList<>();
    final List<String> missingPriorities = new ArrayList<>();
    final List<String> fieldsCreated = new ArrayList<>();
    final List<String> fieldsPresent = new ArrayList<>();
    final List<String> issueTypesCreated = new ArrayList<>();
    final List<String> issueTypesMissing = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<String> webhooks = new ArrayList<>();
    String newWebhookSecret;

    SetupRun(PrintStream out) {
        this.out = out;
    }

    /** Runs a step; on a helpdesk failure records and prints the problem and returns {@code null}. */
    <T> T step(String name, Supplier<T> work) {
        try {
            return work.get();
        } catch (PermanentHelpdeskException | TransientHelpdeskException e) {
            problems.add(name + ": " + e.getMessage());
            out.println("  " + name + ": FAILED: " + e.getMessage());
            return null;
        }
    }

    void warn(String warning) {
        warnings.add(warning);
        out.println("    WARNING: " + warning);
    }

    ErpNextSetup.Report report(String user) {
        return new ErpNextSetup.Report(user, List.copyOf(sitePriorities), List.copyOf(missingPriorities), List.copyOf(fieldsCreated),
                List.copyOf(fieldsPresent), List.copyOf(issueTypesCreated), List.copyOf(issueTypesMissing),
                List.copyOf(warnings), List.copyOf(problems), List.copyOf(webhooks), newWebhookSecret);
    }
}
