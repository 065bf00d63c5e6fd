import ArgumentParser
import LedgerKit

/// `--at` and `--as-of`: the two times of a query.
struct TimeOptions: ParsableArguments {
    @Option(help: "Valid time: the moment in the world you ask about (RFC 3339 or a date; default: now).")
    var at: String?

    @Option(name: .customLong("as-of"), help: "Record time: what the ledger had recorded by then (default: now).")
    var asOf: String?

    func validate() throws {
        _ = try times()
    }

    func times() throws -> (at: Timestamp?, asOf: Timestamp?) {
        (try at.map { try parseTime($0, option: "--at") }, try asOf.map { try parseTime($0, option: "--as-of") })
    }
}
