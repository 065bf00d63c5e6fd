import ArgumentParser
import LedgerClient
import LedgerKit

struct Subjects: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subjects",
        abstract: "List subjects in order, with how many events touch each.",
        discussion: "Example:\n  ledgerctl subjects --prefix strike:")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only subjects starting with this.") var prefix: String?
    @Option(help: "At most this many.") var limit = 1_000

    func run() throws {
        let page = try global.client.subjects(prefix: prefix, limit: limit)
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, page) }
        var table = Table()
        table.add("events", "subject")
        for subject in page.subjects { table.add(String(subject.events), subject.subject) }
        printOut(page.subjects.isEmpty ? "No subject." : table.rendered)
    }
}

struct Contested: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contested",
        abstract: "List every contested subject and predicate.",
        discussion: "Example:\n  ledgerctl contested --at 2015-12-07T16:00:00Z")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Subjects per request.") var pageSize = 1_000

    func run() throws {
        let (at, asOf) = try time.times()
        var found: [ContestedPredicate] = []
        var after: String?
        var first: ContestedResponse?
        repeat {
            let page = try global.client.contested(at: at, asOf: asOf, after: after, limit: pageSize)
            first = first ?? page
            found += page.contested
            after = page.nextAfter
        } while after != nil
        if global.isMachineOutput {
            return try JSONOutput.print(
                format: global.outputFormat,
                ContestedResponse(at: first!.at, asOf: first!.asOf, contested: found, nextAfter: nil))
        }
        var table = Table()
        table.add("subject", "predicate", "candidates")
        for item in found {
            let candidates = item.candidates.map { candidate in
                "\(CanonicalJSON.string(candidate.object)) (+\(candidate.affirmedBy.count)/-\(candidate.deniedBy.count))"
            }
            table.add(item.subject, item.predicate, candidates.joined(separator: ", "))
        }
        printOut(found.isEmpty ? "Nothing is contested." : table.rendered)
    }
}
