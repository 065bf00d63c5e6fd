import HTTPTypes
import LedgerKit

/// One field of a form as the `field` template draws it, with the daemon's refusal beside it.
struct FormField {
    enum Kind {
        case text, textarea
        case select([(value: String, label: String)])
    }

    let name: String
    let label: String
    var value = ""
    var help = ""
    var kind = Kind.text
    var required = false
    var placeholder: String?
    var error: String?
    /// Ids are the form's name and the field's, so two forms on a page never share one.
    var form = "f"

    var values: [String: Any] {
        var values: [String: Any] = [
            "id": "\(form)-\(name)", "name": name, "label": label, "value": value, "help": help, "required": required,
        ]
        if let placeholder { values["placeholder"] = placeholder }
        if let error { values["error"] = error }
        switch kind {
        case .text: values["isText"] = true
        case .textarea: values["isTextarea"] = true
        case .select(let options):
            values["isSelect"] = true
            values["options"] = options.map { option -> [String: Any] in
                ["value": option.value, "label": option.label, "selected": option.value.hasSameBytes(as: value)]
            }
        }
        return values
    }

    /// Places a refusal of the daemon beside the field it names; `false` when no field here has that name.
    static func place(_ message: String, field named: String?, in fields: inout [FormField]) -> Bool {
        guard let named else { return false }
        // The daemon names fields as the event has them: `effective_at`, `evidence.quote`, `via[1]`.
        let key = String(named.split(separator: "[").first ?? Substring(named))
        guard let index = fields.firstIndex(where: { $0.name.hasSameBytes(as: key) }) else { return false }
        fields[index].error = message
        return true
    }
}

extension DeskPages {
    /// A page of two forms, one refused: the daemon's sentence beside the field it names in that form, else
    /// above the forms; the page's status (the refusal's, else 200).
    func place(
        _ refusal: DeskError?, inFirst: Bool, _ first: inout [FormField], _ second: inout [FormField],
        values: inout [String: Any]
    ) -> HTTPResponse.Status {
        guard let refusal else { return .ok }
        let placed =
            inFirst
            ? FormField.place(refusal.message, field: refusal.field, in: &first)
            : FormField.place(refusal.message, field: refusal.field, in: &second)
        if !placed { values["formError"] = refusal.message }
        return refusal.status
    }
}
