/// An `assert` event's content: one source's claim about one property of one subject.
public struct Assertion: Sendable, Hashable {
    /// What the claim is about, e.g. `strike:deir-ezzor:2015-12-06`.
    public var subject: String
    /// Which property, e.g. `perpetrator`.
    public var predicate: String
    /// The value; any JSON value but null.
    public var object: JSONValue
    /// Who makes the claim.
    public var source: String
    /// As sent by the client; `nil` means ``Polarity/affirm``.
    public var polarity: Polarity?
    /// Valid time as sent by the client; `nil` means the event's `recorded_at`.
    public var effectiveAt: Timestamp?
    /// The source's own stated certainty, in [0, 1].
    public var confidence: Double?
    /// The evidence, unless there is none or it was erased.
    public var evidence: Evidence?
    /// SHA-256 of the evidence's canonical bytes, set by the daemon.
    public var evidenceHash: String?
    /// The conduits the claim came through, nearest the source first (`["Washington Post"]`).
    public var via: [String]?
    /// How the source knows.
    public var basis: Basis?

    public init(
        subject: String, predicate: String, object: JSONValue, source: String, polarity: Polarity? = nil,
        effectiveAt: Timestamp? = nil, confidence: Double? = nil, evidence: Evidence? = nil,
        evidenceHash: String? = nil, via: [String]? = nil, basis: Basis? = nil
    ) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.source = source
        self.polarity = polarity
        self.effectiveAt = effectiveAt
        self.confidence = confidence
        self.evidence = evidence
        self.evidenceHash = evidenceHash
        self.via = via
        self.basis = basis
    }

    /// The polarity in force: ``polarity``, or ``Polarity/affirm`` when it was left out.
    public var stance: Polarity { polarity ?? .affirm }
}

/// A `retract` event's content: the withdrawal of one earlier claim.
public struct Retraction: Sendable, Hashable {
    /// The `id` of the assert event withdrawn.
    public var target: String
    /// Why, in free text.
    public var reason: String
    /// Valid time from which the claim no longer stands; `nil` means the event's `recorded_at`.
    public var effectiveAt: Timestamp?

    public init(target: String, reason: String, effectiveAt: Timestamp? = nil) {
        self.target = target
        self.reason = reason
        self.effectiveAt = effectiveAt
    }
}

/// The content of an event, by type.
/// Removes the evidence of one earlier assert event; the claim keeps its `evidence_hash`, its leaf
/// and its place in every belief (docs/semantics.md § History and replay).
public struct Erasure: Sendable, Hashable {
    /// The `id` of an assert event with evidence.
    public var target: String
    public var reason: String

    public init(target: String, reason: String) {
        self.target = target
        self.reason = reason
    }
}

public enum EventBody: Sendable, Hashable {
    case assert(Assertion)
    case retract(Retraction)
    case erase(Erasure)

    /// The event's type.
    public var type: EventType {
        switch self {
        case .assert: .assert
        case .retract: .retract
        case .erase: .erase
        }
    }

    /// The valid time the client gave, if any; an erasure has none (it changes no belief).
    public var effectiveAt: Timestamp? {
        switch self {
        case .assert(let assertion): assertion.effectiveAt
        case .retract(let retraction): retraction.effectiveAt
        case .erase: nil
        }
    }
}
