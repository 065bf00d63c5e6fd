/// What can be wrong with an event log that was changed behind ledgerd's back (a database row edited by
/// hand, say), each worded once: the daemon refuses with these sentences when it meets the damage at
/// start or on an append, and `ledgerctl audit verify` fails with the same ones, so whoever reads either
/// is told the same thing and the same remedy.
public enum LogDamage: Sendable, Hashable {
    /// The head the log records is past its last event.
    case headPastEvents(head: UInt64, lastEvent: UInt64)
    /// The log's events stop before the head it records, or skip a position.
    case missingEvent(seq: UInt64, next: UInt64?)
    /// The leaf hash stored for an event is not the hash of its stored bytes.
    case leafMismatch(seq: UInt64)
    /// The root recorded for a tree size is not the root its events give.
    case rootMismatch(size: UInt64)
    /// The `recorded_at` the log keeps for its last event is not that event's.
    case lastRecordedAtMismatch(kept: String, seq: UInt64, actual: String)
    /// A number in the log's own records that no ledger can have (a negative seq, a time past 9999).
    case impossibleValue(field: String, value: String)

    static let remedy =
        "The log was changed after it was committed, outside ledgerd. Nothing more was written; restore the log from "
        + "a backup (`ledgerctl audit verify` names the same damage)."

    /// The sentence for the log at `location`.
    public func sentence(location: String) -> String {
        let what: String
        switch self {
        case .headPastEvents(let head, let last):
            what = "The log at \(location) records its head as seq \(head), but its last event is seq \(last)."
        case .missingEvent(let seq, let next?):
            what = "The log at \(location) has no event \(seq): its events go on at seq \(next)."
        case .missingEvent(let seq, nil):
            what = "The log at \(location) has no event \(seq), which its head says it holds."
        case .leafMismatch(let seq):
            what = "The log at \(location) holds a leaf hash for event \(seq) that is not the hash of that event's bytes."
        case .rootMismatch(let size):
            what = "The log at \(location) records a root for its first \(size) events that those events do not give."
        case .lastRecordedAtMismatch(let kept, let seq, let actual):
            what =
                "The log at \(location) records its last event as recorded at \(kept), but event \(seq) was recorded at "
                + "\(actual)."
        case .impossibleValue(let field, let value):
            what = "The log at \(location) records \(field) = \(value), which no ledger can have."
        }
        return what + " " + Self.remedy
    }

    /// The error the daemon answers with: the log, not the request, is at fault.
    public func error(location: String) -> LedgerError {
        LedgerError(code: .damagedLog, message: sentence(location: location))
    }
}

extension LedgerError.Code {
    /// The event log holds something ledgerd never wrote (``LogDamage``).
    public static let damagedLog = Self(rawValue: "damaged_log")
}
