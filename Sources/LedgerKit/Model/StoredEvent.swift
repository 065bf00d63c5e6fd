/// An event as the store keeps it: its position and its canonical JSON bytes.
public struct StoredEvent: Sendable, Hashable {
    /// Where the event is in the ledger.
    public var seq: UInt64
    /// The RFC 8785 bytes stored, exactly as replay sends them.
    public var bytes: [UInt8]

    public init(seq: UInt64, bytes: [UInt8]) {
        self.seq = seq
        self.bytes = bytes
    }

    /// The bytes decoded as an ``Event``.
    ///
    /// - Throws: ``LedgerError`` with code ``LedgerError/Code/damagedEvent`` if the bytes are not an event.
    public func decoded() throws -> Event {
        try bytes.withUnsafeBytes { try EventDecoder.storedEvent(from: $0) }
    }
}
