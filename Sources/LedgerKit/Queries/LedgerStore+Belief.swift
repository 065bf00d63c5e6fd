extension LedgerStore {
    /// The belief about `subject` (all its predicates, or only `predicate`) at `horizon`;
    /// `nil` when no claim was ever about the subject.
    ///
    /// Costs one index seek plus the subject's claims, never a pass over the ledger.
    public func belief(subject: String, predicate: String? = nil, horizon: Horizon) throws -> SubjectBelief? {
        try views.read { txn in
            var claims = try views.claims(about: subject, in: txn)
            guard !claims.isEmpty else { return nil }
            if let predicate { claims.removeAll { !$0.predicate.hasSameBytes(as: predicate) } }
            return BeliefEvaluator.belief(
                subject: subject, claims: claims, horizon: horizon,
                multiValuedPredicates: configuration.multiValuedPredicates)
        }
    }

    /// Subjects in byte order, starting with `prefix`, after `after`, with how many events touch each.
    public func subjects(prefix: String = "", after: String? = nil, limit: Int) throws -> [SubjectSummary] {
        try views.read { txn in
            try views.subjects(prefix: prefix, after: after, limit: limit, in: txn).map {
                SubjectSummary(subject: $0.0, events: $0.1)
            }
        }
    }

    /// Every contested predicate at `horizon`, subject by subject in byte order, for up to `limit`
    /// subjects after `after`.
    ///
    /// A pass over the claims index (not the events), since any claim may be visible at a past time.
    public func contested(horizon: Horizon, after: String? = nil, limit: Int) throws -> [ContestedPredicate] {
        try views.read { txn in
            var result: [ContestedPredicate] = []
            var subjectsFound = 0
            var currentSubject: [UInt8]?
            var claims: [ClaimRecord] = []
            func finishSubject() {
                guard let subjectBytes = currentSubject, !claims.isEmpty else { return }
                let subject = String(decoding: subjectBytes, as: UTF8.self)
                let belief = BeliefEvaluator.belief(
                    subject: subject, claims: claims, horizon: horizon,
                    multiValuedPredicates: configuration.multiValuedPredicates)
                let found = belief.predicates.filter { $0.status == .contested }
                if !found.isEmpty { subjectsFound += 1 }
                result += found.map { ContestedPredicate(subject: subject, belief: $0) }
            }
            try views.forEachClaim(after: after, in: txn) { subjectBytes, record in
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
    }

    /// The claims `source` made, across subjects, in `seq` order after `after`, each with whether it
    /// stands at `horizon` and its predicate's status there.
    public func claims(bySource source: String, after: UInt64 = 0, limit: Int, horizon: Horizon) throws -> [SourceClaim] {
        try views.read { txn in
            let located = try views.claims(bySource: source, after: after, limit: limit, in: txn)
            var statuses: [ExactString: [ExactString: BeliefStatus]] = [:]
            return try located.compactMap { subject, seq -> SourceClaim? in
                guard let record = try views.claim(about: subject, seq: seq, in: txn) else { return nil }
                if statuses[subject.exact] == nil {
                    let belief = BeliefEvaluator.belief(
                        subject: subject, claims: try views.claims(about: subject, in: txn), horizon: horizon,
                        multiValuedPredicates: configuration.multiValuedPredicates)
                    statuses[subject.exact] = Dictionary(
                        uniqueKeysWithValues: belief.predicates.map { ($0.predicate.exact, $0.status) })
                }
                let status = statuses[subject.exact]?[record.predicate.exact]
                return SourceClaim(record: record, stands: horizon.sees(record), status: status)
            }
        }
    }
}

/// A subject and how many events touch it.
public struct SubjectSummary: Sendable, Hashable, Codable {
    public var subject: String
    public var events: UInt64
}

/// A contested predicate of a subject.
public struct ContestedPredicate: Sendable, Hashable, Codable {
    public var subject: String
    public var predicate: String
    public var status: BeliefStatus
    public var candidates: [Candidate]

    init(subject: String, belief: PredicateBelief) {
        self.subject = subject
        predicate = belief.predicate
        status = belief.status
        candidates = belief.candidates
    }
}

/// One claim of a source, whether it still stands, and its predicate's status.
public struct SourceClaim: Sendable, Hashable, Codable {
    public var seq: UInt64
    public var id: String
    public var subject: String
    public var predicate: String
    public var object: JSONValue
    public var polarity: Polarity
    public var effectiveAt: String
    public var recordedAt: String
    /// Visible at the query's time: recorded, in force, not withdrawn.
    public var stands: Bool
    /// The predicate's status at the query's time; absent when nothing about it is visible.
    public var status: BeliefStatus?

    init(record: ClaimRecord, stands: Bool, status: BeliefStatus?) {
        seq = record.seq
        id = record.id
        subject = record.subject
        predicate = record.predicate
        object = (try? JSONParser.parse(record.object)) ?? .null
        polarity = record.polarity
        effectiveAt = record.effectiveAt.rfc3339
        recordedAt = record.recordedAt.rfc3339
        self.stands = stands
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, subject, predicate, object, polarity, stands, status
        case effectiveAt = "effective_at"
        case recordedAt = "recorded_at"
    }
}

extension Polarity: Codable {}
