/// The two times of a query (docs/semantics.md § Visibility): `at`, the valid time asked about, and
/// `asOf`, how much of the ledger had been recorded. `throughSeq` further limits the record to the
/// events up to a position, which history uses to see the ledger just before and after one event.
public struct Horizon: Sendable, Hashable {
    public var at: Timestamp
    public var asOf: Timestamp
    public var throughSeq: UInt64

    public init(at: Timestamp, asOf: Timestamp, throughSeq: UInt64 = .max) {
        self.at = at
        self.asOf = asOf
        self.throughSeq = throughSeq
    }

    /// Both times at the end of time: everything recorded, every claim in force.
    public static let latest = Horizon(at: .distantFuture, asOf: .distantFuture)

    /// Whether an event recorded at `recordedAt` as `seq` is in the ledger as seen from here.
    func hasRecorded(seq: UInt64, at recordedAt: Timestamp) -> Bool {
        recordedAt <= asOf && seq <= throughSeq
    }

    /// Claim c is visible iff it is recorded, in force at `at`, and no recorded retraction withdraws
    /// it by `at`.
    public func sees(_ claim: ClaimRecord) -> Bool {
        guard hasRecorded(seq: claim.seq, at: claim.recordedAt), claim.effectiveAt <= at else { return false }
        if let retraction = claim.retraction, hasRecorded(seq: retraction.seq, at: retraction.recordedAt),
            retraction.effectiveAt <= at
        {
            return false
        }
        return true
    }
}

extension Timestamp {
    /// The last time the ledger can hold (``maximum``): no claim is recorded or in force after it.
    public static let distantFuture = Timestamp.maximum
}
