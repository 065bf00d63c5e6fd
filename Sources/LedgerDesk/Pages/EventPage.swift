import Hummingbird
import LedgerClient
import LedgerKit
import LedgerReport

extension DeskPages {
    /// `GET /event?id=`: the stored event, its inclusion proof checked here against the current tree
    /// head, and for a claim the forms to retract it or erase its evidence.
    func event(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        guard let id = query["id"], !id.isEmpty else { throw DeskError(.badRequest, "Name the event: /event?id=ID.") }
        let notice: String? =
            switch query["done"] {
            case "retract": "The claim is retracted; the belief no longer counts it."
            case "erase": "Its evidence is erased; compact the ledger to remove the text from the disk."
            default: nil
            }
        return try await eventPage(id: id, context: context, notice: notice)
    }

    func eventPage(
        id: String, context: DeskRequestContext, form: FormFields = FormFields(), refusal: DeskError? = nil,
        refusedForm: String? = nil, notice: String? = nil
    ) async throws -> Response {
        let (stored, event, proof) = try await ledger { client -> ([UInt8], Event, InclusionCheck) in
            let stored = try client.event(id: id)
            let event = try EventDecoder.storedEvent(from: JSONParser.parse(stored))
            return (stored, event, try AuditRun(client: client).checkInclusion(seq: event.seq))
        }
        var facts: [[String: Any]] = [
            ["label": "id", "value": event.id], ["label": "seq", "value": String(event.seq)],
            ["label": "recorded", "value": event.recordedAt.rfc3339], ["label": "effective", "value": event.effectiveAt.rfc3339],
            ["label": "actor", "value": event.actor],
        ]
        switch event.body {
        case .assert(let claim):
            facts += [
                ["label": "subject", "value": claim.subject, "link": Link.subject(claim.subject)],
                ["label": "claim", "value": EventSummary.sentence(event)],
                ["label": "source", "value": claim.source, "link": Link.source(claim.source)],
            ]
            if let via = claim.via { facts.append(["label": "via", "value": via.joined(separator: " ← ")]) }
            if let basis = claim.basis { facts.append(["label": "basis", "value": basis.rawValue]) }
            if let quote = claim.evidence?.quote { facts.append(["label": "quote", "value": quote]) }
            if let citation = claim.evidence?.citation {
                var row: [String: Any] = ["label": "citation", "value": citation]
                if HTMLText.isWebAddress(citation) { row["link"] = citation }
                facts.append(row)
            }
            if let note = claim.evidence?.note { facts.append(["label": "note", "value": note]) }
        case .retract(let retraction):
            facts += [
                ["label": "retracts", "value": retraction.target, "link": Link.event(retraction.target)],
                ["label": "reason", "value": retraction.reason],
            ]
        case .erase(let erasure):
            facts += [
                ["label": "erases the evidence of", "value": erasure.target, "link": Link.event(erasure.target)],
                ["label": "reason", "value": erasure.reason],
            ]
        }
        var retractFields = [
            FormField(
                name: "reason", label: "Reason", value: form["reason"] ?? "", help: "Why it is withdrawn; kept on the record.",
                required: true, form: "retract"),
            FormField(
                name: "effective_at", label: "From", value: form["effective_at"] ?? "", help: "RFC 3339 or a date; empty is now.",
                form: "retract"),
        ]
        var eraseFields = [
            FormField(
                name: "reason", label: "Reason", value: form["reason"] ?? "",
                help: "The order or the danger that requires it; kept on the record.", required: true, form: "erase")
        ]
        var values: [String: Any] = [
            "id": event.id, "seq": String(event.seq), "facts": facts, "stored": String(decoding: stored, as: UTF8.self),
            "proof": [
                "verdict": proof.verified
                    ? "Checked here: event \(event.seq) is in the tree of \(proof.proof.treeSize) events with this root."
                    : "The proof does not lead to the root: do not trust this event's place.",
                "verdictClass": proof.verified ? "verified" : "failed", "treeSize": String(proof.proof.treeSize),
                "root": proof.head.rootHash, "leafHash": proof.proof.leafHash, "path": proof.proof.auditPath,
            ] as [String: Any],
        ]
        if case .assert = event.body { values["isClaim"] = true }
        if let notice { values["notice"] = notice }
        let status = place(refusal, inFirst: refusedForm == "retract", &retractFields, &eraseFields, values: &values)
        values["retractFields"] = retractFields.map(\.values)
        values["eraseFields"] = eraseFields.map(\.values)
        return page("event", title: "Event \(event.seq)", context: context, values: values, status: status)
    }

    /// `POST /event/retract` and `POST /event/erase`: the daemon decides who may; its refusal is shown.
    func recordFollowUp(_ request: Request, context: DeskRequestContext, type: String) async throws -> Response {
        let form = context.form
        guard let id = form["id"], !id.isEmpty else { throw DeskError(.badRequest, "The form names no event.") }
        var event: JSONObject = ["type": .string(type), "target": .string(id), "reason": .string(form["reason"] ?? "")]
        if type == "retract", let at = form.given("effective_at") {
            event["effective_at"] = .string((try? Timestamp(parsingDateOrRFC3339: at))?.rfc3339 ?? at)
        }
        do {
            _ = try await ledger { [event] in try $0.append(AppendRequest(events: [.object(event)])) }
            return PageResponse.redirect(to: "/event" + QueryString.make(["id": id, "done": type]))
        } catch let refusal as LedgerError {
            return try await eventPage(
                id: id, context: context, form: form, refusal: DeskError(refusal: refusal), refusedForm: type)
        }
    }
}
