package dev.threadline.faults;

import static dev.threadline.faults.Scenario.Boundary.AFTER_CLAIM;
import static dev.threadline.faults.Scenario.Boundary.BEFORE_COMPLETE;
import static dev.threadline.faults.Scenario.Boundary.BEFORE_REPLACE;
import static dev.threadline.faults.Scenario.ErpKind.COMMIT_THEN_TIMEOUT;
import static dev.threadline.faults.Scenario.ErpKind.OUTAGE;
import static dev.threadline.faults.Scenario.ErpKind.TIMEOUT;
import static dev.threadline.faults.Scenario.Route.CREATE_COMMUNICATION;
import static dev.threadline.faults.Scenario.Route.CREATE_ISSUE;
import static dev.threadline.faults.Scenario.Route.READ_COMMUNICATION;

import dev.threadline.faults.Scenario.LlmKind;
import dev.threadline.faults.Scenario.Msg;
import net.jqwik.api.Example;

/**
 * The nastiest combinations, pinned as ordinary examples (same runner, same oracle as the property):
 * each is a scenario the property found or came close to, written out so that it runs on every build
 * whatever the seed.
 */
class PinnedFaultsIT {

    /**
     * ERPNext has the post, the session does not (crash right after the Communication was created);
     * the recovery's own existence check then fails twice before it answers, and the sweeper closes
     * idle sessions meanwhile. The recovery must find the post and not post again: this is the example
     * that breaks when {@code ThreadMessages.apply} stops asking {@code hasPost} before re-posting.
     */
    @Example
    void aPostThatLandedBeforeACrash_isNotPostedAgain_whateverFailsDuringRecovery() {
        Script s = Script.oneMessagePerTurn();
        s.deliver(s.message(0, 0));
        s.deliver(s.message(1, 10));
        s.poll();
        s.crash(BEFORE_COMPLETE);
        s.deliver(s.message(0, 0));
        s.poll();
        s.erpnext(Scenario.ErpKind.MAINTENANCE_TWICE, READ_COMMUNICATION);
        s.sweep(2, true);
        s.deliver(s.message(1, 11));
        Trial.check("pinned: post landed before a crash", s.scenario());
    }

    /**
     * intake: SendMessageBatch fails (503) for a burst, its Meta retry arrives after the customer's
     * next message, which arrives as five concurrent copies; one batch is processed but never
     * acknowledged; an ERPNext create commits and then times out. One ticket, posts in intake's order.
     */
    @Example
    void anSqsOutageAtIntake_duplicatesAndALostAcknowledgement_keepOneTicketInAcceptedOrder() {
        Script s = Script.mergingBursts();
        Msg first = s.message(2, 20);
        Msg second = s.message(2, 20);
        int outage = s.deliver(1, false, true, first, second);
        s.erpnext(COMMIT_THEN_TIMEOUT, CREATE_ISSUE);
        s.deliver(5, true, false, s.message(2, 20));
        s.metaRetry(outage);
        s.pollWithoutAck();
        int late = s.deliver(s.message(2, 20));
        s.lateCopy(outage);
        s.poll();
        s.lateCopy(late);
        Trial.check("pinned: SQS outage + duplicates + lost ack", s.scenario());
    }

    /**
     * A crash while releasing a claim after ERPNext gave up (three 503s), then the LLM babbles on the
     * judgement of the next turn: the released-or-not effect is finished once, and the fallback appends.
     */
    @Example
    void aCrashWhileReleasingAFailedClaim_andAJudgeThatBabbles_stillApplyEverythingOnce() {
        Script s = Script.oneMessagePerTurn();
        s.deliver(s.message(3, 30));
        s.poll();
        s.erpnext(OUTAGE, CREATE_COMMUNICATION);
        s.crash(BEFORE_REPLACE);
        s.deliver(s.message(3, 30));
        s.poll();
        s.llm(LlmKind.GARBAGE);
        s.deliver(s.message(3, 31));
        Trial.check("pinned: crash while releasing + babbling judge", s.scenario());
    }

    /**
     * Two customers' first messages meet an ERPNext outage of six 503s: the first create exhausts its
     * three attempts, the second opens the circuit breaker after two, the redelivery finds it half-open
     * and failing. Once the visibility timeout has passed (and with it the breaker's 30 s), both
     * tickets are created, once each. (The property's budget keeps the breaker closed, so this is pinned.)
     */
    @Example
    void anErpNextOutageThatOpensTheCircuitBreaker_delaysTicketsButLosesAndDuplicatesNothing() {
        Script s = Script.oneMessagePerTurn();
        s.erpnext(OUTAGE, CREATE_ISSUE);
        s.erpnext(OUTAGE, CREATE_ISSUE);
        s.deliver(s.message(6, 60));
        s.deliver(s.message(7, 70));
        s.poll();
        s.poll();
        s.deliver(s.message(6, 60));
        Trial.check("pinned: circuit breaker opens", s.scenario());
    }

    /**
     * FOUND BY THE CI PROPERTY (seed 20261121, try 2), FIXED (ApplyJobs,
     * ThreadMessages.TurnRefusedException). ERPNext refuses a poisoned post for good, and ticket-fn dies
     * while clearing the refused effect from the session; the whole batch comes back. The first job
     * of the redelivery, a message applied long ago, finds the effect still pending, finishes it, and
     * gets the refusal. ApplyJobs used to dead-letter that job (an applied message, with the
     * refusal's reason); now it dead-letters only the refused effect's messages (here: none of this
     * turn's) and handles the job as usual.
     */
    @Example
    void aRefusalWhoseCleanUpCrashed_deadLettersOnlyTheRefusedMessage() {
        Script s = Script.oneMessagePerTurn();
        s.deliver(s.message(8, 80));
        s.deliver(s.poisoned(8, 80));
        s.crash(BEFORE_REPLACE);
        s.poll();
        Trial.check("pinned: refusal whose clean-up crashed", s.scenario());
    }

    /**
     * The same fix, other shape: a turn is claimed and ticket-fn dies before calling ERPNext; SQS
     * redelivers it together with the customer's next message, which joins it in one turn (bursts
     * merge). Replaying the pending effect gets a permanent refusal. ApplyJobs used to dead-letter
     * the whole turn, so the next message went to the DLQ untried; now it is handled as a turn of its own.
     */
    @Example
    void aPermanentRefusalWhileFinishingACrashedTurn_deadLettersOnlyThatTurn() {
        Script s = Script.mergingBursts();
        s.deliver(s.message(4, 40));
        s.poll();
        s.crash(AFTER_CLAIM);
        s.deliver(s.poisoned(4, 40));
        s.poll();
        s.deliver(s.message(4, 40));
        Trial.check("pinned: refusal while finishing a crashed turn", s.scenario());
    }

    /**
     * A Communication POST that ERPNext commits only after the adapter's timeout. The adapter does not
     * repeat a write whose outcome is unknown; the use case keeps the claim's lease, and the turn is
     * finished after it, when a {@code hasPost} check finds the late commit. Posted exactly once.
     */
    @Example
    void aCommunicationCommittedAfterTheClientTimedOut_isPostedOnce() {
        Script s = Script.oneMessagePerTurn();
        s.deliver(s.message(5, 50));
        s.poll();
        s.erpnext(TIMEOUT, CREATE_COMMUNICATION);
        s.deliver(s.message(5, 50));
        Trial.check("pinned: late-committing Communication", s.scenario(), stack -> { });
    }
}
