/// What the queries answer, in the form the API sends: snake_case keys, times as RFC 3339 strings.

/// A subject and how many events touch it.
public struct SubjectSummary: Sendable, Hashable, Codable {
    public var subject: String
    public var events: UInt64

    public init(subject: String, events: UInt64) {
        self.subject = subject
        self.events = events
    }
}

/// A contested predicate of a subject.
public struct ContestedPredicate: Sendable, Hashable, Codable {
    public var subject: String
    public var predicate: String
    public var status: BeliefStatus
    public var candidates: [Candidate]

    public init(subject: String, predicate: String, status: BeliefStatus, candidates: [Candidate]) {
        self.subject = subject
        self.predicate = predicate
        self.status = status
        self.candidates = candidates
    }

    init(subject: String, belief: PredicateBelief) {
        self.init(subject: subject, predicate: belief.predicate, status: belief.status, candidates: belief.candidates)
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
    public var effectiveAt: Timestamp
    public var recordedAt: Timestamp
    /// Visible at the query's time: recorded, in force, not withdrawn.
    public var stands: Bool
    /// The predicate's status at the query's time; absent when nothing about it is visible.
    public var status: BeliefStatus?

    public init(
        seq: UInt64, id: String, subject: String, predicate: String, object: JSONValue, polarity: Polarity,
        effectiveAt: Timestamp, recordedAt: Timestamp, stands: Bool, status: BeliefStatus?
    ) {
        self.seq = seq
        self.id = id
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.polarity = polarity
        self.effectiveAt = effectiveAt
        self.recordedAt = recordedAt
        self.stands = stands
        self.status = status
    }

    init(record: ClaimRecord, stands: Bool, status: BeliefStatus?) {
        self.init(
            seq: record.seq, id: record.id, subject: record.subject, predicate: record.predicate,
            object: record.objectValue, polarity: record.polarity, effectiveAt: record.effectiveAt,
            recordedAt: record.recordedAt, stands: stands, status: status)
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, subject, predicate, object, polarity, stands, status
        case effectiveAt = "effective_at"
        case recordedAt = "recorded_at"
    }
}

/// An erasure as history shows it beside the claim it erased: the erase event.
public struct ErasureRecord: Sendable, Hashable, Codable {
    /// The erase event's `seq` and `id`.
    public var seq: UInt64
    public var id: String
    public var recordedAt: Timestamp
    public var actor: String
    public var reason: String

    public init(seq: UInt64, id: String, recordedAt: Timestamp, actor: String, reason: String) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.actor = actor
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, actor, reason
        case recordedAt = "recorded_at"
    }
}

/// One event of a subject's history and the change of belief it caused.
public struct HistoryEntry: Sendable, Hashable, Codable {
    public var seq: UInt64
    public var id: String
    public var type: EventType
    public var recordedAt: Timestamp
    public var effectiveAt: Timestamp
    public var actor: String
    /// The claim's (for a retraction: the withdrawn claim's) predicate, object, source and polarity.
    public var predicate: String
    public var object: JSONValue
    public var source: String
    public var polarity: Polarity
    public var target: String?
    public var reason: String?
    /// The predicate's status before the event; absent when nothing about it was visible.
    public var statusBefore: BeliefStatus?
    public var statusAfter: BeliefStatus?
    /// Candidates (objects) that appeared and that disappeared.
    public var gained: [JSONValue]
    public var lost: [JSONValue]
    /// For a claim whose evidence was erased: when, by whom and why.
    public var erased: ErasureRecord?
    /// A claim's conduits and basis, as stored.
    public var via: [String]?
    public var basis: Basis?

    init(event: Event, claim: ClaimRecord, before: PredicateBelief?, after: PredicateBelief?) {
        seq = event.seq
        id = event.id
        type = event.body.type
        recordedAt = event.recordedAt
        effectiveAt = event.effectiveAt
        actor = event.actor
        predicate = claim.predicate
        object = claim.objectValue
        source = claim.source
        polarity = claim.polarity
        if case .retract(let retraction) = event.body {
            target = retraction.target
            reason = retraction.reason
        }
        if case .assert(let assertion) = event.body {
            via = assertion.via
            basis = assertion.basis
        }
        statusBefore = before?.status
        statusAfter = after?.status
        let beforeObjects = before?.candidates.map(\.object) ?? []
        let afterObjects = after?.candidates.map(\.object) ?? []
        gained = afterObjects.filter { !beforeObjects.contains($0) }
        lost = beforeObjects.filter { !afterObjects.contains($0) }
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, type, actor, predicate, object, source, polarity, target, reason, gained, lost, erased, via, basis
        case recordedAt = "recorded_at"
        case effectiveAt = "effective_at"
        case statusBefore = "status_before"
        case statusAfter = "status_after"
    }
}
