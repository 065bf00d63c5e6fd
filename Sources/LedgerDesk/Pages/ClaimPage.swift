import Hummingbird
import LedgerClient
import LedgerKit

extension DeskPages {
    /// Every field of an assert, as the form shows them.
    static func claimFields(_ form: FormFields = FormFields()) -> [FormField] {
        func text(_ name: String, _ label: String, _ help: String, required: Bool = false) -> FormField {
            FormField(name: name, label: label, value: form[name] ?? "", help: help, required: required, form: "claim")
        }
        var polarity = FormField(
            name: "polarity", label: "Stance", value: form["polarity"] ?? "affirm", help: "Does the source affirm or deny it?",
            kind: .select([("affirm", "affirms"), ("deny", "denies")]), form: "claim")
        polarity.required = true
        return [
            text("subject", "Subject", "What the claim is about, e.g. strike:deir-ezzor:2015-12-06.", required: true),
            text("predicate", "Predicate", "What is said of it, e.g. perpetrator.", required: true),
            text("object", "Value", "JSON when it parses as JSON (42, true, [\"a\"]), else the text as typed.", required: true),
            text("source", "Source", "Who claims it, exactly as their other claims name them.", required: true),
            polarity,
            text("effective_at", "Effective at", "When it holds in the world: RFC 3339 or a date; empty is now."),
            text("confidence", "Confidence", "The source's own confidence, from 0 to 1; optional."),
            FormField(
                name: "via", label: "Via", value: form["via"] ?? "", help: "Conduits it came through, one a line, nearest first.",
                kind: .textarea, form: "claim"),
            FormField(
                name: "basis", label: "Basis", value: form["basis"] ?? "", help: "How the source knows it.",
                kind: .select([("", "not given"), ("witnessed", "witnessed"), ("told", "told"), ("inferred", "inferred")]),
                form: "claim"),
            FormField(
                name: "quote", label: "Quote", value: form["quote"] ?? "", help: "The source's words; erasable later.",
                kind: .textarea, form: "claim"),
            text("citation", "Citation", "Where it was published (a URL or a reference)."),
            FormField(
                name: "note", label: "Note", value: form["note"] ?? "", help: "Your note on it.", kind: .textarea, form: "claim"),
            text("id", "Id", "An id of your own, so that sending it again is safe; empty: the daemon makes one."),
        ]
    }

    /// `GET /claim/new`: the form.
    func newClaimForm(_ request: Request, context: DeskRequestContext) async throws -> Response {
        page("newClaim", title: "New claim", context: context, values: ["fields": Self.claimFields().map(\.values)])
    }

    /// `POST /claim/new`: appends the claim; on success the subject's page with the new belief, else the
    /// form again with the daemon's sentence beside the field it names.
    func recordClaim(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let form = context.form
        var fields = Self.claimFields(form)
        let event: JSONObject
        do {
            event = try Self.claimEvent(form)
        } catch let error as FieldError {
            _ = FormField.place(error.message, field: error.field, in: &fields)
            return page(
                "newClaim", title: "New claim", context: context, values: ["fields": fields.map(\.values)], status: .badRequest)
        }
        do {
            _ = try await ledger { [event] in try $0.append(AppendRequest(events: [.object(event)])) }
        } catch let refusal as LedgerError {
            var values: [String: Any] = [:]
            if !FormField.place(refusal.message, field: refusal.field, in: &fields) { values["formError"] = refusal.message }
            values["fields"] = fields.map(\.values)
            return page(
                "newClaim", title: "New claim", context: context, values: values, status: DeskError(refusal: refusal).status)
        }
        return PageResponse.redirect(to: Link.subject(form["subject"] ?? ""))
    }

    /// A field the desk itself cannot turn into the event's JSON (a confidence that is not a number).
    struct FieldError: Error {
        let field: String
        let message: String
    }

    /// The assert event of the form: empty optional fields left out, the value JSON when it parses.
    /// What the desk cannot judge is left to the daemon, whose sentence names the field.
    static func claimEvent(_ form: FormFields) throws -> JSONObject {
        var event: JSONObject = ["type": "assert"]
        for name in ["subject", "predicate", "source"] { event[name] = .string(form[name] ?? "") }
        let objectText = form["object"] ?? ""
        event["object"] = (try? JSONParser.parse(Array(objectText.utf8))) ?? .string(objectText)
        if form["polarity"] == "deny" { event["polarity"] = "deny" }
        if let at = form.given("effective_at") {
            event["effective_at"] = .string((try? Timestamp(parsingDateOrRFC3339: at))?.rfc3339 ?? at)
        }
        if let confidence = form.given("confidence") {
            guard let number = Double(confidence), number.isFinite else {
                throw FieldError(field: "confidence", message: "Confidence must be a number from 0 to 1, not “\(confidence)”.")
            }
            event["confidence"] = .number(number)
        }
        if let via = form.given("via") {
            let conduits = via.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { String($0) }
                .filter { !$0.isEmpty }
            if !conduits.isEmpty { event["via"] = .array(conduits.map { .string($0) }) }
        }
        if let basis = form.given("basis") { event["basis"] = .string(basis) }
        var evidence: JSONObject = [:]
        for name in ["quote", "citation", "note"] {
            if let value = form.given(name) { evidence[name] = .string(value) }
        }
        if !evidence.isEmpty { event["evidence"] = .object(evidence) }
        if let id = form.given("id") { event["id"] = .string(id) }
        return event
    }
}
