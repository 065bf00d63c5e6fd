/// An event as a client submits it: no `seq`, `recorded_at`, `actor`, salt or evidence hash yet.
public struct EventDraft: Sendable, Hashable {
    /// The client's idempotency key, or `nil` for the daemon to make a UUID.
    public var id: String?
    public var body: EventBody

    public init(id: String? = nil, body: EventBody) {
        self.id = id
        self.body = body
    }

    /// The fields a client may set, as JSON: what idempotency compares.
    public func contentValue(id: String) -> JSONValue {
        .object(EventEncoding.members(id: id, body: body, includingSalt: false))
    }
}

/// An event in the ledger: immutable, at a dense position ``seq``.
public struct Event: Sendable, Hashable {
    /// Position in the ledger: 1, 2, 3, …
    public var seq: UInt64
    /// Transaction time: when the daemon committed it.
    public var recordedAt: Timestamp
    /// The Unix user who appended it.
    public var actor: String
    /// Unique event id.
    public var id: String
    public var body: EventBody

    public init(seq: UInt64, recordedAt: Timestamp, actor: String, id: String, body: EventBody) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.actor = actor
        self.id = id
        self.body = body
    }

    /// Valid time: the client's `effective_at`, else ``recordedAt``.
    public var effectiveAt: Timestamp { body.effectiveAt ?? recordedAt }

    /// Every field as stored, absent optional fields left out.
    public var jsonValue: JSONValue {
        var members = EventEncoding.members(id: id, body: body, includingSalt: true)
        members[EventField.seq] = .number(Double(seq))
        members[EventField.recordedAt] = .string(recordedAt.rfc3339)
        members[EventField.actor] = .string(actor)
        if case .assert(let assertion) = body, let hash = assertion.evidenceHash {
            members[EventField.evidenceHash] = .string(hash)
        }
        return .object(members)
    }

    /// The RFC 8785 bytes of ``jsonValue``: what the store keeps and replay sends.
    public var canonicalBytes: [UInt8] { canonicalAndLeafBytes.stored }

    /// The event's Merkle leaf (docs/semantics.md § Audit): the canonical bytes of every field but
    /// `evidence`, which the leaf commits to through `evidence_hash`.
    public var leafBytes: [UInt8] { canonicalAndLeafBytes.leaf }

    /// The fields a client may set, as JSON: what idempotency compares.
    public var contentValue: JSONValue {
        .object(EventEncoding.members(id: id, body: body, includingSalt: false))
    }
}

enum EventEncoding {
    static func members(id: String, body: EventBody, includingSalt: Bool) -> JSONObject {
        var members: JSONObject = [EventField.id: .string(id), EventField.type: .string(body.type.rawValue)]
        switch body {
        case .assert(let assertion):
            members[EventField.subject] = .string(assertion.subject)
            members[EventField.predicate] = .string(assertion.predicate)
            members[EventField.object] = assertion.object
            members[EventField.source] = .string(assertion.source)
            if let polarity = assertion.polarity { members[EventField.polarity] = .string(polarity.rawValue) }
            if let time = assertion.effectiveAt { members[EventField.effectiveAt] = .string(time.rfc3339) }
            if let confidence = assertion.confidence { members[EventField.confidence] = .number(confidence) }
            if let via = assertion.via { members[EventField.via] = .array(via.map(JSONValue.string)) }
            if let basis = assertion.basis { members[EventField.basis] = .string(basis.rawValue) }
            if var evidence = assertion.evidence {
                if !includingSalt { evidence.salt = nil }
                members[EventField.evidence] = evidence.jsonValue
            }
        case .retract(let retraction):
            members[EventField.target] = .string(retraction.target)
            members[EventField.reason] = .string(retraction.reason)
            if let time = retraction.effectiveAt { members[EventField.effectiveAt] = .string(time.rfc3339) }
        case .erase(let erasure):
            members[EventField.target] = .string(erasure.target)
            members[EventField.reason] = .string(erasure.reason)
        }
        return members
    }
}
