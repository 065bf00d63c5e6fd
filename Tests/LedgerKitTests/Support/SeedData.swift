import Foundation
import LedgerKit
import Synchronization

/// The example data set written from the seed article (`examples/deir-ezzor-2015.ndjson`).
enum SeedData {
    static let subject = "strike:deir-ezzor:2015-12-06"

    static var drafts: [EventDraft] {
        get throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/deir-ezzor-2015.ndjson")
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            return try EventDecoder.drafts(from: lines.map { try JSONParser.parse(String($0)) })
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let now: Mutex<Timestamp>

    init(_ start: String) { now = Mutex(Timestamp(rfc3339: start)!) }

    func read() -> Timestamp { now.withLock { $0 } }
    func set(_ time: String) { now.withLock { $0 = Timestamp(rfc3339: time)! } }
    func advance(microseconds: Int64) {
        now.withLock { $0 = Timestamp(microsecondsSinceEpoch: $0.microsecondsSinceEpoch + microseconds) }
    }
}
