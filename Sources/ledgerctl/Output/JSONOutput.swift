import Foundation
import LedgerKit

/// JSON for `--format json` and `--format ndjson`: API types as the daemon names their fields, events
/// as stored. With ndjson a list prints one item a line; anything else prints as one line either way.
enum JSONOutput {
    static func print(format: OutputFormat = .json, _ value: some Encodable) throws {
        if format == .ndjson, let listing = value as? any NDJSONListing {
            for line in try listing.itemLines() { printOut(line) }
            return
        }
        printOut(try line(value))
    }

    static func line(_ value: some Encodable) throws -> String {
        String(decoding: try JSONValueEncoder().canonicalBytes(of: value), as: UTF8.self)
    }

    static func print(bytes: [UInt8]) {
        printOut(String(decoding: bytes, as: UTF8.self))
    }
}

/// An answer that is mostly a list: `--format ndjson` prints its items, one a line.
protocol NDJSONListing {
    associatedtype Item: Encodable
    var items: [Item] { get }
}

extension NDJSONListing {
    func itemLines() throws -> [String] { try items.map { try JSONOutput.line($0) } }
}

extension HistoryResponse: NDJSONListing { var items: [HistoryEntry] { events } }
extension ClaimsResponse: NDJSONListing { var items: [SourceClaim] { claims } }
extension SubjectsResponse: NDJSONListing { var items: [SubjectSummary] { subjects } }
extension ContestedResponse: NDJSONListing { var items: [ContestedPredicate] { contested } }
extension SubjectBelief: NDJSONListing { var items: [PredicateBelief] { predicates } }
