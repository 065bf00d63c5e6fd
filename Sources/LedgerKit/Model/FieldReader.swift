/// Reads typed fields out of a JSON object, recording an ``EventProblem`` for each one that is
/// missing, of the wrong type, out of range, or unknown.
struct FieldReader {
    let members: JSONObject
    let index: Int?
    /// Prefix of nested field names, e.g. `evidence.`.
    var prefix = ""
    var problems: [EventProblem]
    private var read: Set<ExactString> = []

    init(members: JSONObject, index: Int?, problems: [EventProblem], prefix: String = "") {
        self.members = members
        self.index = index
        self.problems = problems
        self.prefix = prefix
        read.reserveCapacity(members.count)
    }

    private var eventName: String { index.map { "Event \($0)" } ?? "The event" }

    mutating func problem(_ field: String, _ code: LedgerError.Code, _ message: String) {
        problems.append(EventProblem(index: index, field: prefix + field, code: code, message: "\(eventName): \(message)"))
    }

    private mutating func value(_ field: String, required: Bool) -> JSONValue? {
        read.insert(field.exact)
        guard let value = members[field] else {
            if required { problem(field, .missingField, "\(prefix + field) is required.") }
            return nil
        }
        return value
    }

    private mutating func wrongType(_ field: String, _ value: JSONValue, expected: String) {
        problem(field, .wrongType, "\(prefix + field) must be \(expected), not \(value.typeDescription).")
    }

    mutating func string(_ field: String, required: Bool) -> String? {
        guard let value = value(field, required: required) else { return nil }
        guard case .string(let string) = value else {
            wrongType(field, value, expected: "a string")
            return nil
        }
        guard !string.isEmpty else {
            problem(field, .invalidValue, "\(prefix + field) must not be empty.")
            return nil
        }
        return string
    }

    /// A string that is part of an index key: at most ``EventDecoder/maximumKeyLength`` bytes, no zero byte.
    mutating func keyString(_ field: String) -> String? {
        guard let text = string(field, required: true) else { return nil }
        guard text.utf8.count <= EventDecoder.maximumKeyLength else {
            problem(
                field, .invalidValue,
                "\(prefix + field) is \(text.utf8.count) bytes; it may have at most \(EventDecoder.maximumKeyLength).")
            return nil
        }
        guard !text.utf8.contains(0) else {
            problem(field, .invalidValue, "\(prefix + field) must not contain the character U+0000.")
            return nil
        }
        return text
    }

    mutating func identifier(_ field: String, required: Bool) -> String? {
        guard let id = string(field, required: required) else { return nil }
        guard EventDecoder.isIdentifier(id) else {
            problem(
                field, .invalidValue,
                "\(prefix + field) must be 1 to \(EventDecoder.maximumIDLength) characters of A-Z a-z 0-9 . _ : -, not \"\(id)\"."
            )
            return nil
        }
        return id
    }

    /// A claim's object: any JSON value but null, nesting at most ``EventDecoder/maximumObjectDepth``
    /// deep when `limitingDepth` (a client's event; a stored one is read as it was kept).
    mutating func objectValue(_ field: String, limitingDepth: Bool) -> JSONValue? {
        guard let value = value(field, required: true) else { return nil }
        if value == .null {
            problem(field, .wrongType, "\(prefix + field) must be a JSON value other than null.")
            return nil
        }
        if limitingDepth, value.nestingDepth > EventDecoder.maximumObjectDepth {
            problem(
                field, .invalidValue,
                "\(prefix + field) nests arrays and objects \(value.nestingDepth) deep; it may nest at most "
                    + "\(EventDecoder.maximumObjectDepth).")
            return nil
        }
        return value
    }

    mutating func timestamp(_ field: String, required: Bool) -> Timestamp? {
        guard let text = string(field, required: required) else { return nil }
        do {
            return try Timestamp(parsing: text)
        } catch {
            problem(field, .invalidValue, "\(prefix + field) \"\(text)\" cannot be kept: \(error).")
            return nil
        }
    }

    mutating func polarity(_ field: String) -> Polarity? {
        guard let text = string(field, required: false) else { return nil }
        guard let polarity = Polarity(rawValue: text) else {
            problem(field, .invalidValue, "\(prefix + field) must be \"affirm\" or \"deny\", not \"\(text)\".")
            return nil
        }
        return polarity
    }

    mutating func confidence(_ field: String) -> Double? {
        guard let value = value(field, required: false) else { return nil }
        guard case .number(let number) = value else {
            wrongType(field, value, expected: "a number from 0 to 1")
            return nil
        }
        guard (0...1).contains(number) else {
            problem(field, .invalidValue, "\(prefix + field) must be from 0 to 1, not \(CanonicalJSON.string(value)).")
            return nil
        }
        return number
    }

    /// `via`: 1 to ``EventDecoder/maximumConduits`` non-empty strings of at most
    /// ``EventDecoder/maximumConduitLength`` bytes, without U+0000.
    mutating func conduits(_ field: String) -> [String]? {
        guard let value = value(field, required: false) else { return nil }
        let rule = "an array of 1 to \(EventDecoder.maximumConduits) names, nearest the source first"
        guard case .array(let items) = value else {
            wrongType(field, value, expected: rule)
            return nil
        }
        guard (1...EventDecoder.maximumConduits).contains(items.count) else {
            problem(field, .invalidValue, "\(prefix + field) has \(items.count) names; it must be \(rule).")
            return nil
        }
        var names: [String] = []
        for (position, item) in items.enumerated() {
            guard case .string(let name) = item else {
                problem(field, .wrongType, "\(prefix + field)[\(position)] must be a string, not \(item.typeDescription).")
                return nil
            }
            guard !name.isEmpty, name.utf8.count <= EventDecoder.maximumConduitLength, !name.utf8.contains(0) else {
                problem(
                    field, .invalidValue,
                    "\(prefix + field)[\(position)] must be 1 to \(EventDecoder.maximumConduitLength) bytes without U+0000.")
                return nil
            }
            names.append(name)
        }
        return names
    }

    mutating func basis(_ field: String) -> Basis? {
        guard let text = string(field, required: false) else { return nil }
        guard let basis = Basis(rawValue: text) else {
            problem(
                field, .invalidValue, "\(prefix + field) must be \"witnessed\", \"told\" or \"inferred\", not \"\(text)\".")
            return nil
        }
        return basis
    }

    /// The rules of a claim about a source (`reliability` A–F, `part_of` a name), if it is one.
    mutating func checkSourceFact(subject: String, predicate: String, object: JSONValue) {
        guard SourceFacts.source(ofSubject: subject) != nil else { return }
        if predicate.hasSameBytes(as: SourceFacts.reliability), Reliability(object: object) == nil {
            problem(
                EventField.object, .invalidValue,
                "The reliability of a source is one of the strings \"A\" to \"F\", not \(CanonicalJSON.string(object)).")
        } else if predicate.hasSameBytes(as: SourceFacts.partOf) {
            guard case .string(let body) = object, !body.isEmpty, body.utf8.count <= EventDecoder.maximumKeyLength,
                !body.utf8.contains(0)
            else {
                problem(
                    EventField.object, .invalidValue,
                    "part_of names the body a source belongs to: a string of 1 to \(EventDecoder.maximumKeyLength) bytes "
                        + "without U+0000, not \(CanonicalJSON.string(object)).")
                return
            }
        }
    }

    mutating func sequenceNumber(_ field: String) -> UInt64? {
        guard let value = value(field, required: true) else { return nil }
        guard case .number(let number) = value, number >= 1, number <= 9_007_199_254_740_992, number.rounded() == number
        else {
            problem(field, .invalidValue, "\(prefix + field) must be a positive whole number.")
            return nil
        }
        return UInt64(number)
    }

    mutating func hash(_ field: String) -> String? {
        guard let text = string(field, required: false) else { return nil }
        guard text.utf8.count == 64, text.utf8.allSatisfy(\.isLowercaseHexDigit) else {
            problem(field, .invalidValue, "\(prefix + field) must be 64 lowercase hex characters.")
            return nil
        }
        return text
    }

    mutating func evidence(_ field: String, isStored: Bool) -> Evidence? {
        guard let value = value(field, required: false) else { return nil }
        guard case .object(let members) = value else {
            wrongType(field, value, expected: "an object with quote, citation or note")
            return nil
        }
        var nested = FieldReader(members: members, index: index, problems: problems, prefix: prefix + field + ".")
        let quote = nested.string(EventField.quote, required: false)
        let citation = nested.string(EventField.citation, required: false)
        let note = nested.string(EventField.note, required: false)
        var salt: String?
        if isStored {
            salt = nested.string(EventField.salt, required: true)
            if let given = salt, given.utf8.count != 32 || !given.utf8.allSatisfy(\.isLowercaseHexDigit) {
                nested.problem(EventField.salt, .invalidValue, "evidence.salt must be 32 lowercase hex characters.")
            }
        } else if members[EventField.salt] != nil {
            nested.refuseDaemonField(EventField.salt)
        }
        if quote == nil, citation == nil, note == nil, members.isEmpty {
            nested.problems.append(
                EventProblem(
                    index: index, field: prefix + field, code: .invalidValue,
                    message: "\(eventName): evidence must have a quote, a citation or a note; leave it out otherwise."))
        }
        nested.refuseUnknownFields()
        problems = nested.problems
        return Evidence(quote: quote, citation: citation, note: note, salt: salt)
    }

    mutating func refuseDaemonField(_ field: String) {
        read.insert(field.exact)
        problem(field, .fieldSetByDaemon, "\(prefix + field) is set by the daemon; remove it from the request.")
    }

    mutating func refuseUnknownFields() {
        for field in members.names where !read.contains(field.exact) {
            problem(field, .unknownField, "\(prefix + field) is not a field of this event; remove it.")
        }
    }
}

extension UInt8 {
    var isLowercaseHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
    }
}
