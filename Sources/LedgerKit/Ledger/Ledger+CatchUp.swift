import Logging
import Synchronization

extension Ledger {
    /// Events the log holds past this node's views, for a node following a shared log: at most a chunk,
    /// with the last root the log committed within them. `nil` when the views hold every event.
    ///
    /// Read on the caller's task; apply it on the writer's thread with ``applyFollowed(_:committed:)``.
    public func nextFollowedPage(chunk: Int = 20_000) async throws -> (page: EventPage, committed: TreeHeadRecord?)? {
        let applied = try views.appliedThrough()
        let head = try await log.head().seq
        guard applied < head else { return nil }
        let page = try await log.events(in: (applied + 1)...head, limit: chunk)
        guard let last = page.lastSeq else {
            throw LogDamage.headPastEvents(head: head, lastEvent: applied).error(location: log.location)
        }
        return (page, try await log.committedRoot(in: (applied + 1)...last))
    }

    /// Applies a page of a followed log to the views, on the writer's thread: the events the views do not
    /// hold yet, checked first against the root the log committed (``checkRoot(of:after:committed:)``).
    /// A page the views moved past meanwhile applies nothing; returns how many events it applied.
    @discardableResult
    public func applyFollowed(_ page: EventPage, committed: TreeHeadRecord?) throws -> UInt64 {
        try commitLock.withLock { _ in try apply(page, committed: committed) }
    }

    /// Applies to the views every event of the log they do not hold yet, reading it on this task: for a
    /// rebuild, or a follower with no writer. Returns how many.
    @discardableResult
    public func catchUpViews(progress: (UInt64, UInt64) -> Void = { _, _ in }) async throws -> UInt64 {
        var applied: UInt64 = 0
        while let (page, committed) = try await nextFollowedPage() {
            let count = try applyFollowed(page, committed: committed)
            applied += count
            progress(try views.appliedThrough(), page.lastSeq ?? 0)
        }
        return applied
    }

    /// Catches the views up through `head` inside an append transaction (a shared log whose other nodes
    /// appended), reading the log within it.
    func catchUp(within append: any AppendTransaction, through head: UInt64, chunk: Int = 20_000) throws {
        var applied = try views.appliedThrough()
        while applied < head {
            let page = try append.events(in: (applied + 1)...head, limit: chunk)
            guard let last = page.lastSeq else {
                throw LogDamage.headPastEvents(head: head, lastEvent: applied).error(location: log.location)
            }
            _ = try apply(page, committed: try append.committedRoot(in: (applied + 1)...last))
            applied = try views.appliedThrough()
        }
    }

    /// Applies the events of `page` past the views' head, checked; the caller holds the commit lock.
    private func apply(_ page: EventPage, committed: TreeHeadRecord?) throws -> UInt64 {
        let applied = try views.appliedThrough()
        let inputs = try Self.checkedInputs(page, after: applied, location: log.location, logger: logger)
        guard !inputs.isEmpty else { return 0 }
        try Self.checkRoot(of: inputs, after: applied, committed: committed, views: views, location: log.location)
        try views.apply(inputs)
        return UInt64(inputs.count)
    }

    /// The events of `page` after seq `applied`, made ready for the views; the log's own records must agree
    /// with its events: no position skipped. A database edited by hand is named, and nothing of it applied.
    static func checkedInputs(
        _ page: EventPage, after applied: UInt64, location: String, logger: Logger
    ) throws -> [PlannedEvent] {
        var inputs: [PlannedEvent] = []
        inputs.reserveCapacity(page.count)
        var expected = applied + 1
        for entry in page.entries where entry.seq > applied {
            guard entry.seq == expected else {
                throw LogDamage.missingEvent(seq: expected, next: entry.seq).error(location: location)
            }
            inputs.append(
                page.stored(entry).withUnsafeBytes { bytes in
                    LoggedEvent.planned(seq: entry.seq, bytes: bytes, committedLeaf: entry.leafHash, logger: logger)
                })
            expected += 1
        }
        return inputs
    }

    /// Before `inputs` (the events after `applied`) go into the views: the root they give at the last size
    /// the log committed a tree head for must be that head's, or the log's events were changed after they
    /// were committed and nothing of them is applied.
    static func checkRoot(
        of inputs: [PlannedEvent], after applied: UInt64, committed: TreeHeadRecord?, views: BeliefViews, location: String
    ) throws {
        guard let committed, let last = inputs.last?.seq, committed.size > applied, committed.size <= last else { return }
        var edge = try views.treeEdge(size: applied)
        for input in inputs where input.seq <= committed.size { edge.append(leafHash: input.leafHash) }
        guard edge.size == committed.size, edge.root == committed.root else {
            // This node's views stay at seq `applied`. Name the event at fault when one is, as an audit does.
            if let damaged = inputs.first(where: \.leafMismatch), damaged.seq <= committed.size {
                throw LogDamage.leafMismatch(seq: damaged.seq).error(location: location)
            }
            throw LogDamage.rootMismatch(size: committed.size).error(location: location)
        }
    }

    /// Applies every event of the log after the views' head, at open (before any writer runs).
    static func catchUp(_ views: BeliefViews, from log: any EventLog, logger: Logger, chunk: Int = 20_000) async throws -> UInt64
    {
        let head = try await log.head().seq
        let start = try views.appliedThrough()
        var applied = start
        while applied < head {
            let page = try await log.events(in: (applied + 1)...head, limit: chunk)
            guard let last = page.lastSeq else {
                throw LogDamage.headPastEvents(head: head, lastEvent: applied).error(location: log.location)
            }
            let inputs = try checkedInputs(page, after: applied, location: log.location, logger: logger)
            try checkRoot(
                of: inputs, after: applied, committed: try await log.committedRoot(in: (applied + 1)...last), views: views,
                location: log.location)
            try views.apply(inputs)
            applied = last
        }
        return applied - start
    }

    /// Whether the views belong to this log: not ahead of it, and holding the same leaf at their last
    /// event. Views of another log (a backup restored under old views, say) are rebuilt. `nil` when
    /// they agree.
    static func viewsDisagree(with log: any EventLog, _ views: BeliefViews) async throws -> String? {
        let applied = try views.appliedThrough()
        guard applied > 0 else { return nil }
        let logHead = try await log.head().seq
        guard applied <= logHead else { return "they hold \(applied) events and the log \(logHead)" }
        let logged = try await log.leafHashes(from: applied, limit: 1).first
        let viewed = try? views.leafHash(seq: applied)
        guard logged == viewed else { return "their leaf at \(applied) is not the log's" }
        return nil
    }

    /// The `recorded_at` the log keeps for its head must be its last event's: every later event is
    /// recorded no earlier, so a time edited into the future would move the ledger's clock there.
    static func checkHeadRecord(of log: any EventLog) async throws {
        let head = try await log.head()
        guard head.seq > 0, let bytes = try await log.storedBytes(at: [head.seq])[head.seq],
            let actual = bytes.withUnsafeBytes({ StoredEventLine.recordedAt(of: $0) })
        else { return }
        guard head.lastRecordedAt == actual else {
            throw LogDamage.lastRecordedAtMismatch(
                kept: head.lastRecordedAt?.rfc3339 ?? "no time", seq: head.seq, actual: actual.rfc3339
            ).error(location: log.location)
        }
    }

    /// Drops every view and builds it again from the log; `progress` hears (applied, head).
    public func rebuildViews(progress: (UInt64, UInt64) -> Void = { _, _ in }) async throws {
        try commitLock.withLock { _ in try views.reset() }
        try await catchUpViews(progress: progress)
    }

    /// A digest of every view: equal digests, equal views. Compare it before and after
    /// ``rebuildViews(progress:)`` to check the views were right.
    public func viewsDigest() throws -> String {
        Hex.encode(try views.digest())
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
