import ArgumentParser
import LedgerClient
import LedgerKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one event.",
        discussion: "Example:\n  ledgerctl show deir-ezzor-2015:sfm-perpetrator")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The event's id.") var id: String

    func run() throws {
        let bytes = try global.client.event(id: id)
        if global.isMachineOutput { return JSONOutput.print(bytes: bytes) }
        let event = try EventDecoder.storedEvent(from: JSONParser.parse(bytes))
        printOut(EventTable.rendered(event))
    }
}

/// An event as a two-column table of its fields.
enum EventTable {
    static func rendered(_ event: Event) -> String {
        var table = Table()
        table.add("seq", String(event.seq))
        table.add("id", event.id)
        table.add("type", event.body.type.rawValue)
        table.add("recorded_at", event.recordedAt.rfc3339)
        table.add("actor", event.actor)
        switch event.body {
        case .assert(let claim):
            table.add("subject", claim.subject)
            table.add("predicate", claim.predicate)
            table.add("object", CanonicalJSON.string(claim.object))
            table.add("source", claim.source)
            table.add("polarity", claim.stance.rawValue + (claim.polarity == nil ? " (default)" : ""))
            table.add("effective_at", event.effectiveAt.rfc3339 + (claim.effectiveAt == nil ? " (recorded_at)" : ""))
            if let confidence = claim.confidence { table.add("confidence", CanonicalJSON.string(.number(confidence))) }
            if let via = claim.via { table.add("via", via.joined(separator: " → ")) }
            if let basis = claim.basis { table.add("basis", basis.rawValue) }
            if let evidence = claim.evidence {
                if let quote = evidence.quote { table.add("quote", "\u{201C}\(quote)\u{201D}") }
                if let citation = evidence.citation { table.add("citation", citation) }
                if let note = evidence.note { table.add("note", note) }
            }
            if claim.evidence == nil, claim.evidenceHash != nil {
                table.add("evidence", "erased (ledgerctl history shows when, by whom and why)")
            }
            if let hash = claim.evidenceHash { table.add("evidence_hash", hash) }
        case .erase(let erasure):
            table.add("target", erasure.target)
            table.add("reason", erasure.reason)
        case .retract(let retraction):
            table.add("target", retraction.target)
            table.add("reason", retraction.reason)
            table.add("effective_at", event.effectiveAt.rfc3339 + (retraction.effectiveAt == nil ? " (recorded_at)" : ""))
        }
        return table.rendered
    }
}
