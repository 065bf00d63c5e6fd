import ArgumentParser
import LedgerClient
import LedgerKit

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show how belief about a subject changed, event by event.",
        discussion: """
            Each event that touches the subject (its claims and their retractions), with the status of its \
            predicate before and after it and the candidates it added or removed. The windows limit which \
            events are listed, by valid time (--valid-from/--valid-to) or record time (--recorded-from/--recorded-to).

            Examples:
              ledgerctl history strike:deir-ezzor:2015-12-06
              ledgerctl history strike:deir-ezzor:2015-12-06 \\
                --recorded-from 2026-11-23 --recorded-to 2026-11-27
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The subject.") var subject: String
    @Option(name: .customLong("valid-from"), help: "Only events effective at or after this time.") var validFrom: String?
    @Option(name: .customLong("valid-to"), help: "Only events effective at or before this time.") var validTo: String?
    @Option(name: .customLong("recorded-from"), help: "Only events recorded at or after this time.") var recordedFrom: String?
    @Option(name: .customLong("recorded-to"), help: "Only events recorded at or before this time.") var recordedTo: String?

    func window() throws -> HistoryWindow {
        HistoryWindow(
            validFrom: try validFrom.map { try parseTime($0, option: "--valid-from") },
            validTo: try validTo.map { try parseTime($0, option: "--valid-to") },
            recordedFrom: try recordedFrom.map { try parseTime($0, option: "--recorded-from") },
            recordedTo: try recordedTo.map { try parseTime($0, option: "--recorded-to") })
    }

    func validate() throws { _ = try window() }

    func run() throws {
        let history = try global.client.history(subject: subject, window: try window())
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, history) }
        var lines = ["\(history.subject): \(history.events.count) event\(history.events.count == 1 ? "" : "s")"]
        for entry in history.events {
            lines.append("")
            let object = CanonicalJSON.string(entry.object)
            let what =
                entry.type == .retract
                ? "retracts \(entry.target ?? "?"): \(entry.source) \(entry.polarity.verb) \(entry.predicate) = \(object) (\(entry.reason ?? ""))"
                : "\(entry.source) \(entry.polarity.verb) \(entry.predicate) = \(object)"
                    + (entry.via.map { " (via \($0.joined(separator: ", ")))" } ?? "")
                    + (entry.basis.map { " [\($0.rawValue)]" } ?? "")
            lines.append("seq \(entry.seq)  effective \(entry.effectiveAt)  recorded \(entry.recordedAt) by \(entry.actor)")
            lines.append("  \(what)")
            var change =
                "  \(entry.predicate): \(entry.statusBefore?.rawValue ?? "nothing") -> \(entry.statusAfter?.rawValue ?? "nothing")"
            if !entry.gained.isEmpty {
                change += "; gained " + entry.gained.map(CanonicalJSON.string).joined(separator: ", ")
            }
            if !entry.lost.isEmpty { change += "; lost " + entry.lost.map(CanonicalJSON.string).joined(separator: ", ") }
            lines.append(change)
            if let erased = entry.erased {
                lines.append(
                    "  evidence erased by \(erased.actor) at \(erased.recordedAt) (seq \(erased.seq)): \(erased.reason)")
            }
        }
        printOut(lines.joined(separator: "\n"))
    }
}

extension Polarity {
    /// "affirms" or "denies", for sentences.
    var verb: String {
        switch self {
        case .affirm: "affirms"
        case .deny: "denies"
        }
    }
}
