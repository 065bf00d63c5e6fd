import Crypto

/// A client's event made ready for the writer on the request's own thread: its id (made when the client
/// gave none), its content sealed (evidence salted and hashed), and its canonical bytes but for the two
/// members only the writer knows. The writer then only checks it against the ledger, splices in
/// `recorded_at` and `seq`, and hashes the leaf.
///
/// A class: the writer passes it through its checks and plan without copying its many parts.
public final class PreparedEvent: Sendable {
    /// The event as the client sent it: what idempotency compares.
    public let draft: EventDraft
    public let id: String
    /// The content as stored: with the evidence's salt and hash.
    public let body: EventBody
    public let parts: CanonicalEventParts
    /// The claim's object in canonical form; empty for a retraction or an erasure.
    public let objectBytes: [UInt8]
    /// The leaf hash begun over everything before the members the writer splices in.
    let leafPrefix: SHA256

    public init(_ draft: EventDraft, actor: String) {
        self.draft = draft
        id = draft.id ?? RandomIdentifiers.uuid()
        var body = draft.body
        var objectBytes: [UInt8] = []
        if case .assert(var claim) = body {
            objectBytes = CanonicalJSON.encode(claim.object)
            if var evidence = claim.evidence {
                evidence.salt = RandomIdentifiers.salt()
                claim.evidence = evidence
                claim.evidenceHash = evidence.hash
                body = .assert(claim)
            }
        }
        self.body = body
        self.objectBytes = objectBytes
        parts = CanonicalEventParts(actor: actor, id: id, body: body, objectBytes: objectBytes)
        leafPrefix = AppendPlanner.leafPrefix(parts)
    }
}

/// One client request's events, prepared, with the conditions it set.
public struct PreparedBatch: Sendable {
    public var events: [PreparedEvent]
    /// The Unix user appending, recorded on every new event.
    public var actor: String
    /// Refuse the batch unless the head is exactly this.
    public var expectedHead: UInt64?
    /// Refuse the batch if any of these subjects has an event after the seq given for it.
    public var expectedSubjectSeqs: [ExactString: UInt64]

    public init(
        _ drafts: [EventDraft], actor: String, expectedHead: UInt64? = nil, expectedSubjectSeqs: [ExactString: UInt64] = [:]
    ) {
        events = drafts.map { PreparedEvent($0, actor: actor) }
        self.actor = actor
        self.expectedHead = expectedHead
        self.expectedSubjectSeqs = expectedSubjectSeqs
    }
}
