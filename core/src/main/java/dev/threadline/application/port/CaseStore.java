package dev.threadline.application.port;

import dev.threadline.domain.CaseRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Learned cases, one per resolved ticket, kept beside the ticket records (DynamoDB in production). */
public interface CaseStore {

    Optional<CaseRecord> find(String site, String ticketId);

    /** Stores the case in place of any earlier one for the same ticket. */
    void put(CaseRecord record);

    /** Removes the case (the ticket was excluded with {@code no-learn}); nothing when there is none. */
    void remove(String site, String ticketId);

    /** Every case of the site, for loading an index; read in pages, never a table scan. */
    List<CaseRecord> all(String site);

    /**
     * The cases stored or removed since {@code since} (a little overlap is harmless: a change is
     * applied by ticket id), for refreshing an index incrementally.
     */
    List<Change> changedSince(String site, Instant since);

    /** A case stored ({@code record} set) or removed ({@code record} null). */
    record Change(String ticketId, CaseRecord record) {}
}
