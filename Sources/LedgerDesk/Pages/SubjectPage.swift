import Hummingbird
import LedgerClient
import LedgerKit
import LedgerReport

extension DeskPages {
    /// `GET /subject?name=&at=&as_of=`: the belief under both time controls, the timeline and the history.
    func subject(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        guard let name = query["name"], !name.isEmpty else {
            throw DeskError(.badRequest, "Name the subject: /subject?name=SUBJECT, or search for it.")
        }
        let atText = query["at"] ?? ""
        let asOfText = query["as_of"] ?? ""
        let at = DeskTime.parse(atText, field: "Valid time")
        let asOf = DeskTime.parse(asOfText, field: "Record time")
        var values: [String: Any] = ["subject": name]
        values["timeFields"] = [
            timeField("at", "Valid time: what was true at", atText, at, help: "RFC 3339 or a date; empty is now."),
            timeField(
                "as_of", "Record time: as the ledger knew it at", asOfText, asOf, help: "RFC 3339 or a date; empty is now."),
        ]
        guard case .success(let atTime) = at, case .success(let asOfTime) = asOf else {
            return page("subject", title: name, context: context, values: values, status: .badRequest)
        }
        // Three independent reads, in flight together on the client's pooled connections.
        async let beliefAnswer = ledger { try $0.belief(subject: name, at: atTime, asOf: asOfTime) }
        async let historyAnswer = ledger { try $0.history(subject: name, at: atTime) }
        async let eventsAnswer = ledger { client -> [Event] in
            var events: [Event] = []
            try client.replay(subject: name) { line in
                if let event = try? EventDecoder.storedEvent(from: line) { events.append(event) }
            }
            return events
        }
        let (belief, history, events) = try await (beliefAnswer, historyAnswer, eventsAnswer)
        let atValue = atText.isEmpty ? nil : atText
        let asOfValue = asOfText.isEmpty ? nil : asOfText
        values["belief"] = beliefValues(
            belief, receiptLink: "/subject/receipt" + QueryString.make(["name": name, "at": atValue, "as_of": asOfValue]),
            reportLink: "/subject/report" + QueryString.make(["name": name, "at": atValue, "as_of": asOfValue]))
        // The timeline of what was recorded by the record time (the report's also marks the sources' grades).
        let recorded = events.filter { $0.recordedAt <= belief.asOf }
        if !recorded.isEmpty { values["timeline"] = Timeline(events: recorded, at: belief.at).context }
        values["history"] = history.events.map(historyRow)
        return page("subject", title: name, context: context, values: values)
    }

    /// `GET /subject/receipt`: the belief receipt, to keep and check with `ledgerctl verify-receipt`.
    func receiptDownload(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let (name, at, asOf) = try subjectAndTimes(request)
        let bytes = try await ledger { try $0.receipt(subject: name, at: at, asOf: asOf) }
        return PageResponse.download(bytes, contentType: "application/json", fileName: "receipt.json")
    }

    /// `GET /subject/report`: the self-contained HTML report, its receipt inside, checked before it is sent.
    func reportDownload(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let (name, at, asOf) = try subjectAndTimes(request)
        let bytes = try await ledger { try $0.receipt(subject: name, at: at, asOf: asOf) }
        let receipt = try JSONValueDecoder().decode(BeliefReceipt.self, from: bytes)
        _ = try ReceiptVerifier(pinnedKey: receipt.verifierKey).verify(receipt)
        let html = try ReportPage(receipt: receipt, fileName: "report.html").render()
        return PageResponse.download(Array(html.utf8), contentType: "text/html; charset=utf-8", fileName: "report.html")
    }

    private func subjectAndTimes(_ request: Request) throws -> (String, Timestamp?, Timestamp?) {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        guard let name = query["name"], !name.isEmpty else { throw DeskError(.badRequest, "Name the subject.") }
        return (
            name, try DeskTime.parse(query["at"], field: "Valid time").get(),
            try DeskTime.parse(query["as_of"], field: "Record time").get()
        )
    }

    private func timeField(
        _ name: String, _ label: String, _ text: String, _ parsed: Result<Timestamp?, DeskError>, help: String
    ) -> [String: Any] {
        var field: [String: Any] = ["name": name, "label": label, "value": text, "help": help]
        if case .failure(let error) = parsed { field["error"] = error.message }
        return field
    }

    private func beliefValues(_ belief: SubjectBelief, receiptLink: String, reportLink: String) -> [String: Any] {
        func named(_ sources: [String]) -> [[String: Any]] {
            sources.map { source in
                var row: [String: Any] = ["name": source, "link": Link.source(source)]
                if let standing = belief.sources?[source.exact] { row["grade"] = standing.reliability.rawValue }
                return row
            }
        }
        var groups: [String: [String]] = [:]
        for (source, standing) in belief.sources ?? [:] where !source.string.hasSameBytes(as: standing.group) {
            groups[standing.group, default: [standing.group]].append(source.string)
        }
        return [
            "at": belief.at.rfc3339, "asOf": belief.asOf.rfc3339, "receiptLink": receiptLink, "reportLink": reportLink,
            "groups": groups.values.map {
                $0.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined(separator: "; ")
            }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) },
            "predicates": belief.predicates.map { predicate -> [String: Any] in
                let loadBearing = (predicate.loadBearing ?? []).map { ["id": $0, "link": Link.event($0)] }
                return [
                    "predicate": predicate.predicate, "status": predicate.status.rawValue,
                    "hasLoadBearing": !loadBearing.isEmpty, "loadBearing": loadBearing,
                    "candidates": predicate.candidates.map { candidate -> [String: Any] in
                        var row: [String: Any] = [
                            "object": CanonicalJSON.string(candidate.object),
                            "hasAffirmed": !candidate.affirmedBy.isEmpty, "affirmed": named(candidate.affirmedBy),
                            "hasDenied": !candidate.deniedBy.isEmpty, "denied": named(candidate.deniedBy),
                            "claims": candidate.claims.map { ["id": $0, "link": Link.event($0)] },
                        ]
                        if let credibility = candidate.credibility {
                            row["credibility"] = "\(credibility.rawValue) \(credibility.name)"
                        }
                        return row
                    },
                ]
            },
        ]
    }

    private func historyRow(_ entry: HistoryEntry) -> [String: Any] {
        let object = CanonicalJSON.string(entry.object)
        let said: String =
            switch entry.type {
            case .assert: "\(entry.polarity == .deny ? "denies" : "affirms") \(entry.predicate) = \(object)"
            case .retract: "retracted \(entry.target ?? ""): \(entry.reason ?? "")"
            case .erase: "erased the evidence of \(entry.target ?? ""): \(entry.reason ?? "")"
            }
        var row: [String: Any] = [
            "seq": String(entry.seq), "link": Link.event(entry.id), "recordedAt": entry.recordedAt.rfc3339,
            "effectiveAt": entry.effectiveAt.rfc3339, "source": entry.source, "said": said, "predicate": entry.predicate,
            "before": entry.statusBefore?.rawValue ?? "nothing", "after": entry.statusAfter?.rawValue ?? "nothing",
            "gained": entry.gained.map(CanonicalJSON.string), "lost": entry.lost.map(CanonicalJSON.string),
            "erased": entry.erased != nil,
        ]
        if entry.type == .assert { row["sourceLink"] = Link.source(entry.source) }
        return row
    }
}
