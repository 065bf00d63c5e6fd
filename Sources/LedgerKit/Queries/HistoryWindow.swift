/// Limits on the two time axes for ``LedgerQueries/history(subject:window:at:)``; each bound is inclusive.
public struct HistoryWindow: Sendable, Hashable {
    public var validFrom: Timestamp?
    public var validTo: Timestamp?
    public var recordedFrom: Timestamp?
    public var recordedTo: Timestamp?

    public init(
        validFrom: Timestamp? = nil, validTo: Timestamp? = nil, recordedFrom: Timestamp? = nil, recordedTo: Timestamp? = nil
    ) {
        self.validFrom = validFrom
        self.validTo = validTo
        self.recordedFrom = recordedFrom
        self.recordedTo = recordedTo
    }

    func contains(_ event: Event) -> Bool {
        (validFrom.map { event.effectiveAt >= $0 } ?? true) && (validTo.map { event.effectiveAt <= $0 } ?? true)
            && (recordedFrom.map { event.recordedAt >= $0 } ?? true) && (recordedTo.map { event.recordedAt <= $0 } ?? true)
    }
}
