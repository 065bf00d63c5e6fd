import Hummingbird
import LedgerClient
import LedgerKit

extension DeskPages {
    /// `GET /source?name=`: the source's reliability and bodies, what is held about it, what it claimed,
    /// and the forms to grade it and record a body it belongs to.
    func source(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        guard let name = query["name"], !name.isEmpty else {
            throw DeskError(.badRequest, "Name the source: /source?name=SOURCE.")
        }
        return try await sourcePage(name: name, context: context)
    }

    func sourcePage(
        name: String, context: DeskRequestContext, form: FormFields = FormFields(), refusal: DeskError? = nil,
        refusedForm: String? = nil
    ) async throws -> Response {
        let (summary, facts, claims) = try await ledger { client in
            let summary = try client.source(name: name)
            let facts: [HistoryEntry]
            do {
                facts = try client.history(subject: SourceFacts.subject(of: name)).events
            } catch let error as LedgerError where error.code == .notFound {
                facts = []
            }
            return (summary, facts, try client.claims(source: name, limit: 1_000).claims)
        }
        let letters = Reliability.allCases.map { (value: $0.rawValue, label: "\($0.rawValue) \($0.meaning)") }
        var gradeFields = [
            FormField(
                name: "letter", label: "Grade", value: form["letter"] ?? "F", help: "The Admiralty scale's reliability letter.",
                kind: .select(letters), form: "grade"),
            FormField(
                name: "by", label: "Graded by", value: form["by"] ?? "", help: "Who grades it: the claim's source.",
                required: true, form: "grade"),
            FormField(
                name: "note", label: "Why", value: form["note"] ?? "", help: "Kept as the claim's note.", kind: .textarea,
                form: "grade"),
            FormField(
                name: "effective_at", label: "From", value: form["effective_at"] ?? "", help: "RFC 3339 or a date; empty is now.",
                form: "grade"),
        ]
        var partOfFields = [
            FormField(
                name: "body", label: "Body", value: form["body"] ?? "", help: "The body it belongs to or speaks for.",
                required: true, form: "part-of"),
            FormField(
                name: "by", label: "Recorded by", value: form["by"] ?? "", help: "Who records it: the claim's source.",
                required: true, form: "part-of"),
            FormField(
                name: "effective_at", label: "From", value: form["effective_at"] ?? "", help: "RFC 3339 or a date; empty is now.",
                form: "part-of"),
        ]
        var values: [String: Any] = [
            "name": name, "reliability": summary.reliability.rawValue, "meaning": summary.reliability.meaning,
            "at": summary.at, "asOf": summary.asOf,
            "ancestors": summary.ancestors.map { ["name": $0, "link": Link.source($0)] },
            "facts": facts.map { fact -> [String: Any] in
                let value = CanonicalJSON.string(fact.object)
                let said =
                    fact.type == .assert
                    ? "\(fact.polarity == .deny ? "denies" : "says") \(fact.predicate) = \(value)"
                    : "withdrew \(fact.predicate) = \(value)"
                return [
                    "seq": String(fact.seq), "link": Link.event(fact.id), "effectiveAt": fact.effectiveAt.rfc3339,
                    "by": fact.source, "byLink": Link.source(fact.source), "said": said,
                ]
            },
            "claims": claims.map { claim -> [String: Any] in
                [
                    "seq": String(claim.seq), "link": Link.event(claim.id), "subject": claim.subject,
                    "subjectLink": Link.subject(claim.subject),
                    "said":
                        "\(claim.polarity == .deny ? "denies" : "affirms") \(claim.predicate) = \(CanonicalJSON.string(claim.object))",
                    "stands": claim.stands ? "yes" : "withdrawn", "status": claim.status?.rawValue ?? "",
                ]
            },
        ]
        let status = place(refusal, inFirst: refusedForm == "grade", &gradeFields, &partOfFields, values: &values)
        values["gradeFields"] = gradeFields.map(\.values)
        values["partOfFields"] = partOfFields.map(\.values)
        return page("source", title: name, context: context, values: values, status: status)
    }

    /// `POST /source/grade` and `POST /source/part-of`: a claim about `source:NAME` by the grader.
    func recordSourceFact(_ request: Request, context: DeskRequestContext, predicate: String) async throws -> Response {
        let form = context.form
        guard let name = form["name"], !name.isEmpty else { throw DeskError(.badRequest, "The form names no source.") }
        let isGrade = predicate.hasSameBytes(as: SourceFacts.reliability)
        var event: JSONObject = [
            "type": "assert", "subject": .string(SourceFacts.subject(of: name)), "predicate": .string(predicate),
            "object": .string((isGrade ? form["letter"] : form["body"]) ?? ""), "source": .string(form["by"] ?? ""),
        ]
        if let at = form.given("effective_at") {
            event["effective_at"] = .string((try? Timestamp(parsingDateOrRFC3339: at))?.rfc3339 ?? at)
        }
        if isGrade, let note = form.given("note") { event["evidence"] = .object(["note": .string(note)]) }
        do {
            _ = try await ledger { [event] in try $0.append(AppendRequest(events: [.object(event)])) }
        } catch let refusal as LedgerError {
            // The daemon names the event's fields: the form's `by` is the event's `source`, its letter or body the `object`.
            var renamed = DeskError(refusal: refusal)
            renamed.field = ["source": "by", "object": isGrade ? "letter" : "body"][refusal.field ?? ""] ?? refusal.field
            return try await sourcePage(
                name: name, context: context, form: form, refusal: renamed, refusedForm: isGrade ? "grade" : "part-of")
        }
        return PageResponse.redirect(to: Link.source(name))
    }
}
