package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@code setup-erpnext} command does, so that a site is ready for Threadline: it checks
 * the credentials ({@code frappe.auth.get_logged_user}), lists the site's Issue Priorities and warns
 * about {@code priority-map} targets the site lacks, creates the four Custom Fields on Issue that
 * are missing (erpnext.md §9.1; it learns which exist as ticket-fn does, through {@link SiteReadiness}, and
 * judges them by the same rule, {@link IssueFields#problems}), and, when asked, creates missing
 * Issue Types. It prints what it found and did, and can be run any number of
 * times: a second run changes nothing. Creating Custom Fields needs role System Manager.
 *
 * <p><b>Known risk (erpnext.md §9.4):</b> ERPNext's "Split Issue" deep-copies an Issue including its custom
 * fields, so splitting an Issue that carries {@code custom_idempotency_key} fails with "Idempotency
 * Key must be unique" ({@code no_copy} does not help). Agents should not split Threadline Issues, or
 * the site needs a server script that clears the key on the copy. The command prints this note.
 */
@Singleton
@Requires(beans = ErpNextConfig.class)
public class ErpNextSetup {

    /**
     * The outcome of one run.
     *
     * @param user the API key's user, or {@code null} if the credentials failed
     * @param missingPriorities priority-map targets the site has no Issue Priority for
     * @param problems what stopped part of the setup; empty when the site is ready
     */
    public record Report(String user, List<String> sitePriorities, List<String> missingPriorities,
                         List<String> fieldsCreated, List<String> fieldsPresent, List<String> issueTypesCreated,
                         List<String> issueTypesMissing, List<String> warnings, List<String> problems) {

        /** Whether the site is ready: credentials work and every Custom Field exists as it should. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final FrappeClient client;
    private final SiteReadiness readiness;
    private final SiteVocabulary vocabulary;
    private final ErpNextConfig config;

    ErpNextSetup(FrappeClient client, SiteReadiness readiness, SiteVocabulary vocabulary, ErpNextConfig config) {
        this.client = client;
        this.readiness = readiness;
        this.vocabulary = vocabulary;
        this.config = config;
    }

    /**
     * @param createMissingIssueTypes whether to create the {@code issueTypes} the site lacks
     * @param issueTypes Issue Types Threadline's classifier should be able to use (may be empty)
     * @param out where to print progress for a person
     */
    public Report run(boolean createMissingIssueTypes, List<String> issueTypes, PrintStream out) {
        Run run = new Run(out);
        out.println("ERPNext setup for " + config.url());
        String user = run.step("Credentials", () -> client.send(FrappeCall.get(
                FrappeCall.method("frappe.auth.get_logged_user"), Map.of()), client.deadline()).path("message").asText());
        if (user == null) {
            out.println("Stopped: nothing else can work without valid credentials (ERPNEXT_API_KEY / ERPNEXT_API_SECRET).");
            return run.report(null);
        }
        out.println("  Credentials: OK, connected as " + user);
        checkPriorities(run);
        Map<String, JsonNode> siteFields = run.step("Issue fields", () -> readiness.issueFields(client.deadline()));
        if (siteFields != null) {
            for (IssueFields.Definition field : IssueFields.ALL) {
                ensureField(run, field, siteFields.get(field.fieldname()));
            }
        }
        if (!issueTypes.isEmpty()) {
            ensureIssueTypes(run, createMissingIssueTypes, issueTypes);
        }
        out.println("  Note: splitting an Issue in ERPNext copies custom_idempotency_key and fails with"
                + " \"Idempotency Key must be unique\"; do not split Threadline Issues (see ErpNextSetup).");
        out.println(run.problems.isEmpty() ? "Done: the site is ready for Threadline."
                : "Done with " + run.problems.size() + " problem(s): " + String.join("; ", run.problems));
        return run.report(user);
    }

    private void checkPriorities(Run run) {
        int problemsBefore = run.problems.size();
        List<String> site = run.step("Issue Priority", () -> vocabulary.fetch(SiteVocabulary.ISSUE_PRIORITY, client.deadline()));
        if (run.problems.size() > problemsBefore) {
            return;
        }
        if (site == null) {
            run.warn("cannot read Issue Priority; new tickets will carry no priority (give the user read on Issue Priority)");
            return;
        }
        run.sitePriorities.addAll(site);
        run.out.println("  Issue Priority on the site: " + (site.isEmpty() ? "none" : String.join(", ", site)));
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        config.priorityMap().forEach((llm, target) -> byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(llm));
        byTarget.forEach((target, llm) -> {
            if (site.stream().noneMatch(target::equalsIgnoreCase)) {
                run.missingPriorities.add(target);
                run.warn("priority-map sends " + String.join(", ", llm) + " to '" + target + "', which the site lacks:"
                        + " those tickets get no priority. Create that Issue Priority or change threadline.erpnext.priority-map");
            }
        });
    }

    /** @param existing the field as the site's Issue has it, or {@code null} */
    private void ensureField(Run run, IssueFields.Definition field, JsonNode existing) {
        String label = "Custom Field " + field.fieldname();
        if (existing == null) {
            Boolean created = run.step(label, () -> {
                client.send(FrappeCall.post(FrappeCall.resource("Custom Field", null), field.toJson()), client.deadline());
                return true;
            });
            if (created != null) {
                run.fieldsCreated.add(field.fieldname());
                run.out.println("  " + label + ": created" + (field.unique() ? " (unique)" : ""));
            }
            return;
        }
        Optional<String> problem = field.problem(existing);
        problem.ifPresent(run.problems::add);
        if (!field.fieldtype().equals(existing.path("fieldtype").asText())) {
            run.warn(field.fieldname() + " is a " + existing.path("fieldtype").asText() + " field, expected " + field.fieldtype());
        }
        run.fieldsPresent.add(field.fieldname());
        run.out.println("  " + label + ": already present" + (problem.isPresent() ? ", NOT unique"
                : field.unique() ? " (unique)" : ""));
    }

    private void ensureIssueTypes(Run run, boolean create, List<String> wanted) {
        int problemsBefore = run.problems.size();
        List<String> site = run.step("Issue Type", () -> vocabulary.fetch(SiteVocabulary.ISSUE_TYPE, client.deadline()));
        if (run.problems.size() > problemsBefore) {
            return;
        }
        if (site == null) {
            run.warn("cannot read Issue Type; tickets will carry no issue type");
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String type : wanted) {
            if (!type.isBlank() && site.stream().noneMatch(type.strip()::equalsIgnoreCase)) {
                missing.add(type.strip());
            }
        }
        for (String type : missing) {
            if (!create) {
                run.issueTypesMissing.add(type);
                run.out.println("  Issue Type " + type + ": missing (run with issue type creation to add it)");
                continue;
            }
            Boolean created = run.step("Issue Type " + type, () -> {
                try {
                    client.send(FrappeCall.post(FrappeCall.resource("Issue Type", null),
                            JsonNodeFactory.instance.objectNode().put("name", type)), client.deadline());
                    return true;
                } catch (ErpNextRejection rejection) {
                    if (rejection.is(409, "DuplicateEntryError")) {
                        return false; // created meanwhile
                    }
                    throw rejection;
                }
            });
            if (created != null) {
                if (created) {
                    run.issueTypesCreated.add(type);
                }
                run.out.println("  Issue Type " + type + ": " + (created ? "created" : "already present"));
            }
        }
        if (missing.isEmpty()) {
            run.out.println("  Issue Type: all " + wanted.size() + " present");
        }
    }

    /** The mutable state of one run, and the rule that one failed step does not stop the others. */
    private static final class Run {
        final PrintStream out;
        final List<String> sitePriorities = new ArrayList<>();
        final List<String> missingPriorities = new ArrayList<>();
        final List<String> fieldsCreated = new ArrayList<>();
        final List<String> fieldsPresent = new ArrayList<>();
        final List<String> issueTypesCreated = new ArrayList<>();
        final List<String> issueTypesMissing = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        Run(PrintStream out) {
            this.out = out;
        }

        /** Runs a step; on a helpdesk failure records and prints the problem and returns {@code null}. */
        <T> T step(String name, java.util.function.Supplier<T> work) {
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

        Report report(String user) {
            return new Report(user, List.copyOf(sitePriorities), List.copyOf(missingPriorities), List.copyOf(fieldsCreated),
                    List.copyOf(fieldsPresent), List.copyOf(issueTypesCreated), List.copyOf(issueTypesMissing),
                    List.copyOf(warnings), List.copyOf(problems));
        }
    }
}
