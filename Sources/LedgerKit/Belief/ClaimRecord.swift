/// What belief needs to know of one claim: its times, its value, its source and stance, and its
/// retraction if it has one.
public struct ClaimRecord: Sendable, Hashable {
    public var seq: UInt64
    public var id: String
    public var recordedAt: Timestamp
    /// The claim's valid time (its `effective_at`, else its `recorded_at`).
    public var effectiveAt: Timestamp
    public var subject: String
    public var predicate: String
    /// The object's RFC 8785 bytes: equal bytes, same value.
    public var object: [UInt8]
    public var source: String
    public var polarity: Polarity
    /// Whether the source only inferred it (`basis` `inferred`): such a stance is never strong.
    public var isInferred: Bool
    public var retraction: RetractionRecord?

    public init(
        seq: UInt64, id: String, recordedAt: Timestamp, effectiveAt: Timestamp, subject: String, predicate: String,
        object: [UInt8], source: String, polarity: Polarity, isInferred: Bool = false, retraction: RetractionRecord? = nil
    ) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.effectiveAt = effectiveAt
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.source = source
        self.polarity = polarity
        self.isInferred = isInferred
        self.retraction = retraction
    }

    /// The object as a JSON value, parsed from its canonical bytes (which the ledger itself wrote).
    public var objectValue: JSONValue { (try? JSONParser.parse(object)) ?? .null }

    /// The record of an assert event.
    public init?(_ event: Event) {
        guard case .assert(let claim) = event.body else { return nil }
        self.init(
            seq: event.seq, id: event.id, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt,
            subject: claim.subject, predicate: claim.predicate, object: CanonicalJSON.encode(claim.object),
            source: claim.source, polarity: claim.stance, isInferred: claim.basis == .inferred)
    }
}

/// The retraction of a claim: when it was recorded and from when it withdraws the claim.
public struct RetractionRecord: Sendable, Hashable {
    public var seq: UInt64
    public var recordedAt: Timestamp
    public var effectiveAt: Timestamp

    public init(seq: UInt64, recordedAt: Timestamp, effectiveAt: Timestamp) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.effectiveAt = effectiveAt
    }
}
