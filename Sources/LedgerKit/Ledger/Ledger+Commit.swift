import Logging
import Synchronization

extension Ledger {
    /// Commits a group of requests: every rule checked against the ledger (``AppendPlanner``), the new
    /// events written to the log durably, then the views brought up to date, in that order and before
    /// anyone is answered. A refused request fails alone and writes nothing.
    ///
    /// One group at a time, on the writer's thread: the daemon's writer gathers what arrives during a
    /// commit into the next one.
    ///
    /// - Returns: One result per request, in order.
    /// - Throws: ``LedgerError`` when the storage fails (storage full, say); then nothing is written.
    public func commit(_ group: [WriteRequest]) throws -> [Result<AppendResult, LedgerError>] {
        try commitLock.withLock { _ in
            let plan = try log.withAppendTransaction { append in
                // Another node may have appended to a shared log: the views first catch up to the head the
                // log holds still, so the rules are checked against every event before it.
                if try views.appliedThrough() < append.head.seq {
                    try catchUp(within: append, through: append.head.seq)
                }
                var request = FactRequest(for: group)
                request.treeEdge = append.recordsRoots
                let facts = try views.facts(for: request, head: append.head) { seqs in
                    try append.storedBytes(at: Array(seqs))
                }
                let plan = AppendPlanner.plan(group, facts: facts, now: clock(), maximumEventSize: configuration.maximumEventSize)
                if !plan.events.isEmpty || !plan.rewrites.isEmpty { try append.write(plan, reaching: facts.treeEdge) }
                return plan
            }
            do {
                try views.apply(plan.events)
            } catch {
                // The events are in the log and will be in the views at the next catch-up; say so.
                logger.critical("Committed events could not be applied to the views", metadata: ["error": "\(error)"])
                throw error
            }
            return plan.results
        }
    }

    /// Appends a batch of events atomically: all of them are written, or none.
    ///
    /// Assigns each new event the next `seq`, the batch's `recorded_at` (never earlier than the
    /// previous event's), `actor`, an id if it has none, and an evidence salt and hash. An event whose
    /// id exists with the same content is not written again and answers the stored `seq`.
    ///
    /// - Parameters:
    ///   - drafts: Events decoded by ``EventDecoder/drafts(from:)``.
    ///   - actor: The Unix user appending, recorded on every new event.
    ///   - expectedHead: When set, the append is refused with ``LedgerError/Code/headMoved`` unless the
    ///     ledger's head is exactly this `seq`.
    /// - Throws: ``LedgerError``: ``LedgerError/Code/idConflict``, ``LedgerError/Code/unknownTarget``,
    ///   ``LedgerError/Code/invalidTarget``, ``LedgerError/Code/alreadyRetracted``,
    ///   ``LedgerError/Code/eventTooLarge`` (each naming the event's index and field), or
    ///   ``LedgerError/Code/storageFull``; nothing of the batch is written.
    public func append(_ drafts: [EventDraft], actor: String, expectedHead: UInt64? = nil) throws -> AppendResult {
        try commit([.append(PreparedBatch(drafts, actor: actor, expectedHead: expectedHead))])[0].get()
    }

    /// Appends several independent batches in one commit (one fsync): a batch that is refused leaves
    /// the others untouched.
    public func append(batches: [PreparedBatch]) throws -> [Result<AppendResult, LedgerError>] {
        try commit(batches.map { .append($0) })
    }

    /// Restores events exported by a replay, every field kept as it was (`seq`, `recorded_at`, `actor`,
    /// `id`, evidence salts and hashes), so the restored ledger has the same root.
    ///
    /// Only into an empty ledger, or one that holds nothing but earlier restored events: a large export
    /// is restored in several calls, and a restore cut short can be sent again: a line whose event is
    /// already restored, byte for byte the same, is passed over.
    ///
    /// - Returns: The head after the restore.
    /// - Throws: ``LedgerError`` with ``LedgerError/Code/notEmpty`` for a ledger with events of its
    ///   own, or naming the first line at fault; then nothing of the call is written.
    public func restore(lines: [[UInt8]]) throws -> UInt64 {
        let result = try commit([.restore(lines)])[0].get()
        if let last = result.events.last?.seq { return last }
        return try head()
    }
}
