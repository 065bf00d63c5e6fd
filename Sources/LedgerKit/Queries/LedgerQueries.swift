/// The reads of a ledger, over this node's views and its event log, in the ledger's own terms: no storage
/// type in any signature, so the daemon, ledgerctl's tests and any program ask the same questions the same
/// way. A value: cheap to make and to pass to any task.
///
/// What the views answer alone (belief, subjects, claims, contested, tree heads and proofs) is
/// synchronous and never waits: LMDB readers do not block the writer or each other. What needs the
/// events' stored bytes (history, receipts, events) is `async`: a shared log's bytes come from its server.
public struct LedgerQueries: Sendable {
    let views: BeliefViews
    /// The event log the views are derived from.
    public let log: any EventLog
    let configuration: LedgerConfiguration

    init(views: BeliefViews, log: any EventLog, configuration: LedgerConfiguration) {
        self.views = views
        self.log = log
        self.configuration = configuration
    }

    private var multiValued: Set<ExactString> { configuration.multiValuedPredicates }

    /// The `seq` of the last event the views hold, 0 for an empty ledger.
    public func head() throws -> UInt64 {
        try views.appliedThrough()
    }

    /// The belief about `subject` (all its predicates, or only `predicate`) at `horizon`; `nil` when no
    /// claim was ever about the subject.
    ///
    /// Every candidate carries its credibility, every predicate its load-bearing claims, and the belief
    /// the standing of each source it names: computed from what the views hold about those sources
    /// (their `source:` subjects), at the same horizon.
    ///
    /// Costs one index seek plus the subject's claims, and one seek for each source named and each of
    /// their ancestors; never a pass over the ledger.
    public func belief(subject: String, predicate: String? = nil, horizon: Horizon) throws -> SubjectBelief? {
        try gradedBelief(subject: subject, predicate: predicate, horizon: horizon)?.belief
    }

    /// ``belief(subject:predicate:horizon:)`` and the names whose `source:` facts it read.
    func gradedBelief(
        subject: String, predicate: String?, horizon: Horizon
    ) throws -> (
        belief: SubjectBelief, consulted: [String]
    )? {
        let views = self.views
        // One read transaction for the subject, the facts of every source its claims name and those of the
        // bodies they are part of: what the evaluator asks for is among them (it reads only visible
        // sources and undisputed bodies), so a belief naming eight sources opens one transaction, not nine.
        let (claims, facts) = try views.read { txn -> ([ClaimRecord], [ExactString: [ClaimRecord]]) in
            let claims = try views.claims(about: subject, in: txn)
            var facts: [ExactString: [ClaimRecord]] = [:]
            var pending = claims.map(\.source)
            while let name = pending.popLast() {
                guard facts[name.exact] == nil else { continue }
                let records = try views.claims(about: SourceFacts.subject(of: name), in: txn)
                facts[name.exact] = records
                for record in records where record.predicate.hasSameBytes(as: SourceFacts.partOf) {
                    if case .string(let body) = record.objectValue, !body.isEmpty { pending.append(body) }
                }
            }
            return (claims, facts)
        }
        guard !claims.isEmpty else { return nil }
        var evaluator = CredibilityEvaluator(
            subject: subject, claims: claims, horizon: horizon, multiValued: multiValued
        ) { name in
            try facts[name.exact] ?? views.claims(about: SourceFacts.subject(of: name))
        }
        let belief = try evaluator.belief(predicate: predicate)
        return (belief, evaluator.consultedNames)
    }

    /// What is held about the source `name` at `horizon`: its effective reliability (F when no grade is
    /// undisputed) and its ancestors through `part_of`.
    public func source(name: String, horizon: Horizon) throws -> SourceSummary {
        let views = self.views
        var evaluator = CredibilityEvaluator(subject: "", claims: [], horizon: horizon, multiValued: multiValued) { name in
            try views.claims(about: SourceFacts.subject(of: name))
        }
        let (reliability, ancestors) = try evaluator.standing(of: name)
        return SourceSummary(name: name, reliability: reliability, ancestors: ancestors, at: horizon.at, asOf: horizon.asOf)
    }

    /// Subjects in byte order, starting with `prefix`, after `after`, with how many events touch each.
    public func subjects(prefix: String = "", after: String? = nil, limit: Int) throws -> [SubjectSummary] {
        try views.subjects(prefix: prefix, after: after, limit: limit).map {
            SubjectSummary(subject: $0.subject, events: $0.events)
        }
    }

    /// Every contested predicate at `horizon`, subject by subject in byte order, for up to `limit`
    /// subjects after `after`.
    ///
    /// A pass over the claims index (not the events), since any claim may be visible at a past time.
    public func contested(horizon: Horizon, after: String? = nil, limit: Int) throws -> [ContestedPredicate] {
        var result: [ContestedPredicate] = []
        var subjectsFound = 0
        var currentSubject: [UInt8]?
        var claims: [ClaimRecord] = []
        func finishSubject() {
            guard let subjectBytes = currentSubject, !claims.isEmpty else { return }
            let subject = String(decoding: subjectBytes, as: UTF8.self)
            let belief = BeliefEvaluator.belief(
                subject: subject, claims: claims, horizon: horizon, multiValuedPredicates: multiValued)
            let found = belief.predicates.filter { $0.status == .contested }
            if !found.isEmpty { subjectsFound += 1 }
            result += found.map { ContestedPredicate(subject: subject, belief: $0) }
        }
        try views.forEachClaim(after: after) { subjectBytes, record in
            if subjectBytes != currentSubject {
                finishSubject()
                if subjectsFound >= limit { return false }
                currentSubject = subjectBytes
                claims.removeAll(keepingCapacity: true)
            }
            claims.append(record)
            return true
        }
        if subjectsFound < limit { finishSubject() }
        return result
    }

    /// The claims `source` made, across subjects, in `seq` order after `after`, each with whether it
    /// stands at `horizon` and its predicate's status there.
    public func claims(bySource source: String, after: UInt64 = 0, limit: Int, horizon: Horizon) throws -> [SourceClaim] {
        var statuses: [ExactString: [ExactString: BeliefStatus]] = [:]
        return try views.claims(bySource: source, after: after, limit: limit).map { claim, subjectClaims in
            if statuses[claim.subject.exact] == nil {
                let belief = BeliefEvaluator.belief(
                    subject: claim.subject, claims: subjectClaims, horizon: horizon, multiValuedPredicates: multiValued)
                statuses[claim.subject.exact] = Dictionary(
                    uniqueKeysWithValues: belief.predicates.map { ($0.predicate.exact, $0.status) })
            }
            return SourceClaim(
                record: claim, stands: horizon.sees(claim), status: statuses[claim.subject.exact]?[claim.predicate.exact])
        }
    }

    /// The `seq` of every event touching `subject` (its claims, their retractions and their erasures), in
    /// order, as of the head the views hold.
    public func seqs(touching subject: String) throws -> [UInt64] {
        try views.seqs(touching: subject)
    }

    // MARK: The Merkle tree

    /// The tree head at `size` (default: the head), computed from stored nodes.
    ///
    /// - Throws: ``LedgerError`` ``LedgerError/Code/notFound`` when `size` is past the head.
    public func treeHead(size: UInt64? = nil) throws -> TreeHeadRecord {
        try views.treeHead(size: size)
    }

    /// The inclusion proof of event `seq` in the tree of `treeSize` (default: the head).
    public func inclusionProof(seq: UInt64, treeSize: UInt64? = nil) throws -> InclusionPath {
        try views.inclusionProof(seq: seq, treeSize: treeSize)
    }

    /// The consistency proof from the tree of `first` events to the tree of `second` (default: the head).
    public func consistencyProof(first: UInt64, second: UInt64? = nil) throws -> ConsistencyPath {
        try views.consistencyProof(first: first, second: second)
    }

    // MARK: Events

    /// The stored event with `id`, or `nil` if there is none.
    public func event(id: String) async throws -> StoredEvent? {
        guard let seq = try views.seq(ofID: id) else { return nil }
        return try await event(seq: seq)
    }

    /// The stored event at `seq`, or `nil` past the log's head.
    public func event(seq: UInt64) async throws -> StoredEvent? {
        try await log.storedBytes(at: [seq])[seq].map { StoredEvent(seq: seq, bytes: $0) }
    }

    /// Up to `limit` stored events from `seq` `from` on, in order.
    public func events(from: UInt64, limit: Int) async throws -> [StoredEvent] {
        guard limit > 0 else { return [] }
        let page = try await log.events(in: max(from, 1)...UInt64.max, limit: limit)
        return page.entries.map { StoredEvent(seq: $0.seq, bytes: Array(page.stored($0))) }
    }

    /// What the log itself records beside its events, and one page of the tree heads it committed from
    /// size `from` on (none for an embedded log).
    public func logRecords(from: UInt64, limit: Int) async throws -> LogRecords {
        let head = try await log.head()
        let roots = try await log.committedRoots(from: from, limit: limit)
        return LogRecords(
            location: log.location, head: head, treeHeads: roots,
            nextFrom: roots.count == limit ? roots.last.map { $0.size + 1 } : nil)
    }

    /// The leaf hashes the log committed for events `from` on, up to `limit` of them, in order.
    public func leafHashes(from: UInt64, limit: Int) async throws -> [[UInt8]] {
        try await log.leafHashes(from: from, limit: limit)
    }
}
