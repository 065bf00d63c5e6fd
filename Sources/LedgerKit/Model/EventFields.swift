/// The ledger's field names, as docs/semantics.md § Events spells them.
public enum EventField {
    public static let seq = "seq"
    public static let recordedAt = "recorded_at"
    public static let actor = "actor"
    public static let id = "id"
    public static let type = "type"
    public static let subject = "subject"
    public static let predicate = "predicate"
    public static let object = "object"
    public static let source = "source"
    public static let polarity = "polarity"
    public static let effectiveAt = "effective_at"
    public static let confidence = "confidence"
    public static let evidence = "evidence"
    public static let evidenceHash = "evidence_hash"
    public static let target = "target"
    public static let reason = "reason"
    public static let quote = "quote"
    public static let citation = "citation"
    public static let note = "note"
    public static let salt = "salt"
    public static let via = "via"
    public static let basis = "basis"

    /// Fields only the daemon sets; a client that sends one is refused.
    static let setByDaemon = [seq, recordedAt, actor, evidenceHash]
}

/// What kind of event it is.
public enum EventType: String, Sendable, CaseIterable {
    /// Records one claim.
    case assert
    /// Withdraws an earlier claim.
    case retract
    /// Removes an earlier claim's evidence for good, on the record.
    case erase
}

/// How a claim's source knows what it says.
public enum Basis: String, Sendable, CaseIterable {
    /// First hand.
    case witnessed
    /// It relays what someone told it.
    case told
    /// An opinion or a deduction ("I think it was Russia").
    case inferred
}

/// Whether the source says the claim is so or is not so.
public enum Polarity: String, Sendable, CaseIterable {
    case affirm
    case deny
}
