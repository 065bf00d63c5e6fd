import LMDB
import Logging
import Synchronization

extension LedgerStore {
    /// Whether the views belong to this log: not ahead of it, and holding the same leaf at their last
    /// event. Views of another log (a backup restored under old views, say) are rebuilt. `nil` when
    /// they agree.
    static func viewsDisagree(with log: any EventLog, _ views: BeliefViews) throws -> String? {
        let applied = try views.appliedThrough()
        guard applied > 0 else { return nil }
        let logHead = try log.head().seq
        guard applied <= logHead else { return "they hold \(applied) events and the log \(logHead)" }
        let logged = try log.leafHashes(from: applied, limit: 1).first
        let viewed = try? views.read { txn in try views.node(level: 0, index: applied - 1, in: txn) }
        guard logged == viewed else { return "their leaf at \(applied) is not the log's" }
        return nil
    }

    /// The `recorded_at` the log keeps for its head must be its last event's: every later event is
    /// recorded no earlier, so a time edited into the future would move the ledger's clock there.
    static func checkHeadRecord(of log: any EventLog) throws {
        let head = try log.head()
        guard head.seq > 0, let bytes = try log.storedBytes(at: [head.seq])[head.seq],
            let actual = bytes.withUnsafeBytes({ StoredEventLine.recordedAt(of: $0) })
        else { return }
        guard head.lastRecordedAt == actual else {
            throw LogDamage.lastRecordedAtMismatch(
                kept: head.lastRecordedAt?.rfc3339 ?? "no time", seq: head.seq, actual: actual.rfc3339
            ).error(location: log.location)
        }
    }

    /// Applies to the views every event of the log they do not hold yet, in chunks; returns how many.
    @discardableResult
    public func catchUpViews(progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> UInt64 {
        try commitLock.withLock { _ in try Self.catchUp(views, from: log, logger: logger, progress: progress) }
    }

    static func catchUp(
        _ views: BeliefViews, from log: any EventLog, logger: Logger, through: UInt64? = nil, chunk: Int = 20_000,
        progress: (UInt64, UInt64) -> Void = { _, _ in }
    ) throws -> UInt64 {
        let head = try through ?? log.head().seq
        let start = try views.appliedThrough()
        var applied = start
        while applied < head {
            var inputs: [PlannedEvent] = []
            inputs.reserveCapacity(min(chunk, Int(head - applied)))
            try log.forEachEventWithLeaf(in: (applied + 1)...head) { seq, bytes, leafHash in
                inputs.append(LoggedEvent.planned(seq: seq, bytes: bytes, committedLeaf: leafHash, logger: logger))
                return inputs.count < chunk
            }
            // The log's own records must agree with its events: no position skipped, none missing below
            // the head it records. A database edited by hand is named, and nothing of it is applied.
            guard let last = inputs.last?.seq else {
                throw LogDamage.headPastEvents(head: head, lastEvent: applied).error(location: log.location)
            }
            for (offset, input) in inputs.enumerated() where input.seq != applied + 1 + UInt64(offset) {
                throw LogDamage.missingEvent(seq: applied + 1 + UInt64(offset), next: input.seq).error(location: log.location)
            }
            try checkRoot(of: inputs, after: applied, views: views, log: log)
            try views.apply(inputs)
            applied = last
            progress(applied, head)
        }
        return applied - start
    }

    /// Before `inputs` (the events after `applied`) go into the views: the root they give at the last size
    /// the log committed a tree head for must be that head's, or the log's events were changed after they
    /// were committed and nothing of them is applied.
    static func checkRoot(of inputs: [PlannedEvent], after applied: UInt64, views: BeliefViews, log: any EventLog) throws {
        guard let last = inputs.last?.seq, let committed = try log.committedRoot(in: (applied + 1)...last) else { return }
        var edge = try views.read { txn in try views.treeEdge(size: applied, in: txn) }
        for input in inputs where input.seq <= committed.size { edge.append(leafHash: input.leafHash) }
        guard edge.size == committed.size, edge.root == committed.root else {
            // This node's views stay at seq `applied`. Name the event at fault when one is, as an audit does.
            if let damaged = inputs.first(where: \.leafMismatch), damaged.seq <= committed.size {
                throw LogDamage.leafMismatch(seq: damaged.seq).error(location: log.location)
            }
            throw LogDamage.rootMismatch(size: committed.size).error(location: log.location)
        }
    }

    /// Drops every view and builds it again from the log; `progress` hears (applied, head).
    public func rebuildViews(progress: (UInt64, UInt64) -> Void = { _, _ in }) throws {
        try views.reset()
        try catchUpViews(progress: progress)
    }

    /// A digest of every view: equal digests, equal views. Compare it before and after
    /// ``rebuildViews(progress:)`` to check the views were right.
    public func viewsDigest() throws -> String {
        try views.read { txn in Hex.encode(try views.digest(in: txn)) }
    }
}

/// An event read back from the log, made ready for the views.
enum LoggedEvent {
    /// The views' input for the stored `bytes` at `seq`. The leaf is the one the log committed; when the
    /// bytes no longer give it (they were altered on disk) the event is logged, kept out of the belief
    /// views, and `audit verify` names it.
    static func planned(seq: UInt64, bytes: UnsafeRawBufferPointer, committedLeaf: [UInt8]?, logger: Logger) -> PlannedEvent {
        let computedLeaf = leafHash(of: bytes)
        let leaf = committedLeaf ?? computedLeaf
        do {
            let event = try EventDecoder.storedEvent(from: bytes)
            guard event.seq == seq, leaf == computedLeaf else {
                throw LedgerError(code: .damagedEvent, message: "its bytes no longer give the leaf the log committed")
            }
            var objectBytes: [UInt8] = []
            if case .assert(let claim) = event.body { objectBytes = CanonicalJSON.encode(claim.object) }
            return PlannedEvent(event: event, stored: Array(bytes), leafHash: leaf, objectBytes: objectBytes)
        } catch {
            logger.error(
                "A stored event is damaged; it is left out of the belief views",
                metadata: ["seq": "\(seq)", "reason": "\(error)"])
            return PlannedEvent(
                damagedAt: seq, id: StoredEventLine.id(of: bytes), leafHash: leaf,
                leafMismatch: committedLeaf.map { $0 != computedLeaf } ?? false)
        }
    }

    /// `SHA-256(0x00 || line without its evidence member)`, or of the whole line when it cannot be scanned.
    static func leafHash(of line: UnsafeRawBufferPointer) -> [UInt8] {
        guard let parts = try? StoredEventLine(line), let cut = parts.evidenceMember else {
            return MerkleHash.leaf(line, UnsafeRawBufferPointer(rebasing: line[line.count...]))
        }
        return MerkleHash.leaf(
            UnsafeRawBufferPointer(rebasing: line[..<cut.lowerBound]), UnsafeRawBufferPointer(rebasing: line[cut.upperBound...]))
    }
}
