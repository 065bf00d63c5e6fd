import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Record a claim, or every event of an NDJSON file.",
        discussion: """
            One claim from flags; VALUE is read as JSON when it parses as JSON (4, true, [1,2], {"a":1}, "text"), \
            else as a string. Or --file F (- for standard input): one event a line, as the API takes them, sent \
            in batches; give events ids so a re-run is safe.

            Examples:
              ledgerctl append --subject strike:deir-ezzor:2015-12-06 \\
                --predicate perpetrator --object Russia --at 2015-12-07T20:00:00Z \\
                --source "anonymous Pentagon official (Washington Post)"
              ledgerctl append --subject strike:deir-ezzor:2015-12-06 \\
                --predicate perpetrator --object "US-led coalition" --deny \\
                --source "US-led coalition (Col. Steve Warren)"
              ledgerctl append --file examples/deir-ezzor-2015.ndjson
            """)

    @OptionGroup var global: GlobalOptions

    @Option(parsing: .unconditional, help: "What the claim is about.") var subject: String?
    @Option(parsing: .unconditional, help: "Which property of it.") var predicate: String?
    // `.unconditional`: a value may begin with a dash (`--object -5`, `--quote "-- not us"`).
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The value, read as JSON when it parses, else as a string.", valueName: "value"))
    var object: String?
    @Flag(help: "Take --object as a string even when it parses as JSON.") var objectString = false
    @Option(parsing: .unconditional, help: "Who makes the claim.") var source: String?
    @Flag(help: "The source says it is not so.") var deny = false
    @Option(help: "When the source made the claim (RFC 3339 or a date; default: now).") var at: String?
    @Option(parsing: .unconditional, help: "The source's own stated certainty, from 0 to 1.") var confidence: Double?
    @Option(parsing: .unconditional, help: "The source's words.") var quote: String?
    @Option(parsing: .unconditional, help: "Where they were published (a URL).") var citation: String?
    @Option(parsing: .unconditional, help: "A note of yours about the evidence.") var note: String?
    @Option(
        parsing: .unconditionalSingleValue,
        help: "A conduit the claim came through, nearest the source first; repeat for each (at most 8).")
    var via: [String] = []
    @Option(help: "How the source knows: witnessed, told or inferred.") var basis: String?
    @Option(help: "An id for the event (1-128 of A-Z a-z 0-9 . _ : -), so re-sending it is safe.") var id: String?
    @Option(name: .customLong("expected-head"), help: "Refuse the append (exit 1) unless the ledger's head is this seq.")
    var expectedHead: UInt64?
    @Option(
        name: .customLong("expected-subject-seq"),
        help: "Refuse the append (exit 1) if --subject has an event after this seq: the last you saw.")
    var expectedSubjectSeq: UInt64?
    @Option(help: "Events as NDJSON, one a line; - for standard input.") var file: String?
    @Option(help: "Events sent per request with --file.") var batchSize = 1_000
    @Option(help: "Requests kept in flight at once with --file, each on its own connection.") var inFlight = 3

    func validate() throws {
        if file != nil {
            let flags = [subject, predicate, object, source, at, quote, citation, note, id].compactMap { $0 }
            guard flags.isEmpty, !deny, confidence == nil, via.isEmpty, basis == nil else {
                throw ValidationError("--file takes the events from the file; leave out the claim's flags.")
            }
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1.") }
            guard (1...64).contains(inFlight) else { throw ValidationError("--in-flight must be from 1 to 64.") }
            guard expectedHead == nil, expectedSubjectSeq == nil else {
                throw ValidationError("--expected-head and --expected-subject-seq go with one claim from flags, not --file.")
            }
        } else {
            guard subject != nil, predicate != nil, object != nil, source != nil else {
                throw ValidationError("A claim needs --subject, --predicate, --object and --source (or use --file).")
            }
        }
        if let at { _ = try parseTime(at, option: "--at") }
        if let confidence, !(0...1).contains(confidence) {
            throw ValidationError("--confidence must be a number from 0 to 1, not \(confidence).")
        }
        if let basis, Basis(rawValue: basis) == nil {
            throw ValidationError("--basis must be witnessed, told or inferred, not \"\(basis)\".")
        }
    }

    func run() throws {
        if let file {
            try appendFile(file)
        } else {
            let response = try global.client.append(
                AppendRequest(
                    events: [claim()], expectedHead: expectedHead,
                    expectedSubjectSeqs: expectedSubjectSeq.map { [subject!.exact: $0] } ?? [:]))
            try report(response)
        }
    }

    private func claim() throws -> JSONValue {
        var event: JSONObject = [
            "type": "assert", "subject": .string(subject!), "predicate": .string(predicate!),
            "source": .string(source!), "object": objectValue(object!),
        ]
        if deny { event["polarity"] = "deny" }
        if let at { event["effective_at"] = .string(try parseTime(at, option: "--at").rfc3339) }
        if let confidence { event["confidence"] = .number(confidence) }
        if let id { event["id"] = .string(id) }
        if !via.isEmpty { event["via"] = .array(via.map(JSONValue.string)) }
        if let basis { event["basis"] = .string(basis) }
        var evidence = JSONObject()
        if let quote { evidence["quote"] = .string(quote) }
        if let citation { evidence["citation"] = .string(citation) }
        if let note { evidence["note"] = .string(note) }
        if !evidence.isEmpty { event["evidence"] = .object(evidence) }
        return .object(event)
    }

    private func objectValue(_ text: String) -> JSONValue {
        if !objectString, let parsed = try? JSONParser.parse(text) { return parsed }
        return .string(text)
    }

    private func report(_ response: AppendResponse) throws {
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, response) }
        for result in response.results {
            printOut(
                result.duplicate
                    ? "Already recorded as seq \(result.seq) (id \(result.id)); nothing new was written."
                    : "Recorded seq \(result.seq) (id \(result.id)) at \(result.recordedAt).")
        }
    }

    private func appendFile(_ path: String) throws {
        let totals = try BatchSender.send(
            try NDJSONFile(reading: path), from: path, batchSize: batchSize, inFlight: inFlight, client: global.client)
        try report(totals, from: path, noun: "event", format: global.outputFormat)
    }
}

extension ParsableCommand {
    /// Prints what `append --file` or `import` recorded.
    func report(_ totals: BatchSender.Totals, from path: String, noun: String, format: OutputFormat) throws {
        if format != .table {
            return try JSONOutput.print(["appended": totals.appended, "duplicates": totals.duplicates, "head": Int(totals.head)])
        }
        printOut(
            "Recorded \(totals.appended) new \(noun)\(totals.appended == 1 ? "" : "s") (\(totals.duplicates) already there) from "
                + "\(path); head is \(totals.head).")
    }
}
