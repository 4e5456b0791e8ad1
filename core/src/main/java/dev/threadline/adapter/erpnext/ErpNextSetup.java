package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * Issue Types, and keeps Threadline's two Webhooks ({@link ErpNextWebhookSetup}). It prints what it found and did, and can be run any number of
 * times: a second run changes nothing. Creating Custom Fields needs role System Manager.
 *
 * <p><b>Known risk (erpnext.md §9.4):</b> ERPNext's "Split Issue" deep-copies an Issue including its custom
 * fields, so splitting an Issue that carries {@code custom_idempotency_key} fails with "Idempotency
 * Key must be unique" ({@code no_copy} does not help). Agents should not split Threadline Issues, or
 * the site needs a server script that clears the key on the copy. The command prints this note.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class ErpNextSetup {

    /**
     * The outcome of one run.
     *
     * @param user the API key's user, or {@code null} if the credentials failed
     * @param missingPriorities priority-map targets the site has no Issue Priority for
     * @param problems what stopped part of the setup; empty when the site is ready
     * @param webhooks what happened to each of Threadline's Webhooks (created, updated, already present)
     * @param newWebhookSecret the secret a rotation wrote into them, or {@code null}
     */
    public record Report(String user, List<String> sitePriorities, List<String> missingPriorities,
                         List<String> fieldsCreated, List<String> fieldsPresent, List<String> issueTypesCreated,
                         List<String> issueTypesMissing, List<String> warnings, List<String> problems,
                         List<String> webhooks, String newWebhookSecret) {

        /** Whether the site is ready: credentials work and every Custom Field exists as it should. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final FrappeClient client;
    private final SiteReadiness readiness;
    private final SiteVocabulary vocabulary;
    private final ErpNextConfig config;
    private final ErpNextWebhookSetup webhooks;

    ErpNextSetup(FrappeClient client, SiteReadiness readiness, SiteVocabulary vocabulary, ErpNextConfig config,
                 ErpNextWebhookSetup webhooks) {
        this.client = client;
        this.webhooks = webhooks;
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
        return run(createMissingIssueTypes, issueTypes, false, out);
    }

    /** @param rotateWebhookSecret write a new random secret into every Threadline Webhook, and print it once */
    public Report run(boolean createMissingIssueTypes, List<String> issueTypes, boolean rotateWebhookSecret, PrintStream out) {
        SetupRun run = new SetupRun(out);
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
        ensureWebhooks(run, rotateWebhookSecret);
        out.println("  Note: splitting an Issue in ERPNext copies custom_idempotency_key and fails with"
                + " \"Idempotency Key must be unique\"; do not split Threadline Issues (see ErpNextSetup).");
        out.println(run.problems.isEmpty() ? "Done: the site is ready for Threadline."
                : "Done with " + run.problems.size() + " problem(s): " + String.join("; ", run.problems));
        return run.report(user);
    }

    private void ensureWebhooks(SetupRun run, boolean rotate) {
        ErpNextWebhookSetup.Outcome outcome = run.step("Webhooks", () -> webhooks.ensure(rotate));
        if (outcome == null) {
            return;
        }
        if (outcome.skipped() != null) {
            run.out.println("  Webhooks: skipped, " + outcome.skipped());
            return;
        }
        outcome.lines().forEach(line -> run.out.println("  Webhook " + line));
        run.webhooks.addAll(outcome.lines());
        if (outcome.newSecret() != null) {
            run.newWebhookSecret = outcome.newSecret();
            run.out.println("  New webhook secret (shown once): " + outcome.newSecret());
            run.out.println("    Store it in Threadline's FRAPPE_WEBHOOK_SECRET. During the switch intake accepts a"
                    + " comma-separated \"new,old\" pair, so set FRAPPE_WEBHOOK_SECRET=<new>,<old> first, then <new> alone.");
        }
    }

    private void checkPriorities(SetupRun run) {
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
    private void ensureField(SetupRun run, IssueFields.Definition field, JsonNode existing) {
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

    private void ensureIssueTypes(SetupRun run, boolean create, List<String> wanted) {
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
}
