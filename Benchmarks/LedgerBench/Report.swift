import Foundation

/// One workload's line of the results: the ledger's figure, each baseline's, the ratio and the target.
struct Row {
    var workload: String
    var ledger: String
    var rawLMDB = "—"
    var sqlite = "—"
    var postgreSQL = "—"
    var ratio = "—"
    var target: String
    var met: Bool
}

/// The rows so far, printed as they come and as one table at the end.
struct Report {
    private(set) var rows: [Row] = []

    mutating func add(_ row: Row) {
        rows.append(row)
        say(
            "\(row.met ? "met   " : "missed") \(row.workload): \(row.ledger)  [raw LMDB \(row.rawLMDB); SQLite \(row.sqlite); PostgreSQL \(row.postgreSQL); \(row.ratio)]"
        )
    }

    func printTable() {
        let header = ["workload", "ledger", "raw LMDB", "SQLite", "PostgreSQL", "ratio", "target", "met"]
        let cells =
            [header]
            + rows.map {
                [$0.workload, $0.ledger, $0.rawLMDB, $0.sqlite, $0.postgreSQL, $0.ratio, $0.target, $0.met ? "yes" : "NO"]
            }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        for (index, line) in cells.enumerated() {
            say(zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | "))
            if index == 0 { say(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-")) }
        }
    }
}

/// A rate as "123,456/s".
func rateText(_ perSecond: Double) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.maximumFractionDigits = 0
    return (formatter.string(from: NSNumber(value: perSecond.rounded())) ?? "\(Int(perSecond))") + "/s"
}

/// A duration in the unit that suits it.
func durationText(_ seconds: Double) -> String {
    seconds >= 0.01 ? String(format: "%.1f ms", seconds * 1e3) : String(format: "%.0f µs", seconds * 1e6)
}
