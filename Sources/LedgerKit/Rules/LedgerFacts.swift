/// What the writer asks of the ledger before it plans a group: the ids, subjects and positions the
/// group names, so that a backend can look them all up at once (in its own transaction).
public struct FactRequest: Sendable, Hashable {
    /// Ids of the group's events and of the events they retract or erase.
    public var ids: Set<ExactString> = []
    /// Ids whose stored bytes the plan needs: re-sent events (to compare) and erase targets (to rewrite).
    public var idsWithBytes: Set<ExactString> = []
    /// Subjects named in `expected_subject_seq`.
    public var subjects: Set<ExactString> = []
    /// Positions whose stored bytes a restore compares with what it is sent again.
    public var seqs: Set<UInt64> = []
    /// Whether the log needs the Merkle tree's right edge at the head, to commit the root the group
    /// reaches (a shared log does, so that other nodes check what they follow).
    public var treeEdge = false

    public init() {}

    /// What planning `group` needs.
    public init(for group: [WriteRequest]) {
        for request in group {
            switch request {
            case .append(let batch):
                subjects.formUnion(batch.expectedSubjectSeqs.keys)
                for event in batch.events {
                    ids.insert(event.id.exact)
                    idsWithBytes.insert(event.id.exact)
                    switch event.body {
                    case .retract(let retraction): ids.insert(retraction.target.exact)
                    case .erase(let erasure):
                        ids.insert(erasure.target.exact)
                        idsWithBytes.insert(erasure.target.exact)
                    case .assert: break
                    }
                }
            case .restore(let lines):
                for line in lines { if let seq = StoredEventLine.seq(of: line) { seqs.insert(seq) } }
                for event in lines.compactMap({ try? StoredEvent(seq: 0, bytes: $0).decoded() }) {
                    ids.insert(event.id.exact)
                    switch event.body {
                    case .retract(let retraction): ids.insert(retraction.target.exact)
                    case .erase(let erasure):
                        ids.insert(erasure.target.exact)
                        idsWithBytes.insert(erasure.target.exact)
                    case .assert: break
                    }
                }
            }
        }
    }
}

/// What the ledger holds of the ids, subjects and positions a ``FactRequest`` named, as of the moment
/// the backend will append: the planner checks every rule against these and nothing else.
public struct LedgerFacts: Sendable {
    /// The last `seq`, 0 for an empty ledger.
    public var head: UInt64
    /// The last event's `recorded_at`; `nil` for an empty ledger.
    public var lastRecordedAt: Timestamp?
    /// How far a restore got while the ledger held nothing else (0 when it holds events of its own).
    public var restoredThrough: UInt64
    /// The events with the requested ids that exist.
    public var events: [ExactString: KnownEvent]
    /// The last `seq` touching each requested subject (0 when none does).
    public var subjectLastSeq: [ExactString: UInt64]
    /// Stored bytes at the requested positions that exist.
    public var storedBySeq: [UInt64: [UInt8]]
    /// The Merkle tree's right edge at `head`, when the request asked for it.
    public var treeEdge: MerkleRightEdge?

    public init(
        head: UInt64, lastRecordedAt: Timestamp?, restoredThrough: UInt64 = 0, events: [ExactString: KnownEvent] = [:],
        subjectLastSeq: [ExactString: UInt64] = [:], storedBySeq: [UInt64: [UInt8]] = [:]
    ) {
        self.head = head
        self.lastRecordedAt = lastRecordedAt
        self.restoredThrough = restoredThrough
        self.events = events
        self.subjectLastSeq = subjectLastSeq
        self.storedBySeq = storedBySeq
    }
}

/// An event already in the ledger, as the rules of an append see it.
public struct KnownEvent: Sendable, Hashable {
    public var seq: UInt64
    public var type: EventType
    /// For a claim: its subject (a retraction touches it too).
    public var subject: String?
    /// For a claim: whether it has evidence that is not erased.
    public var hasEvidence: Bool
    /// The retraction of this claim, if any.
    public var retractedBy: UInt64?
    /// The erasure of this claim's evidence, if any.
    public var erasedBy: UInt64?
    /// Its stored bytes, when the request asked for them.
    public var storedBytes: [UInt8]?
    /// A stored event that cannot be read back: its id is taken, and nothing can be done to it.
    public var isDamaged: Bool

    public init(
        seq: UInt64, type: EventType, subject: String? = nil, hasEvidence: Bool = false, retractedBy: UInt64? = nil,
        erasedBy: UInt64? = nil, storedBytes: [UInt8]? = nil, isDamaged: Bool = false
    ) {
        self.isDamaged = isDamaged
        self.seq = seq
        self.type = type
        self.subject = subject
        self.hasEvidence = hasEvidence
        self.retractedBy = retractedBy
        self.erasedBy = erasedBy
        self.storedBytes = storedBytes
    }
}

/// One request for the writer: a client's append, or a slice of a restore.
public enum WriteRequest: Sendable {
    case append(PreparedBatch)
    /// Stored events exported by a replay, every field kept, into a ledger that holds nothing else.
    case restore([[UInt8]])
}
