import Foundation
import LedgerKit

/// JSON for `--json`: API types as the daemon names their fields, events as stored.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        printOut(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func print(bytes: [UInt8]) {
        printOut(String(decoding: bytes, as: UTF8.self))
    }
}
