/// The body of `POST /v1/events`: `{"events":[…], "expected_head": N?, "expected_subject_seq": {S: N}?}`,
/// or NDJSON with one event a line.
public struct AppendRequest: Sendable {
    /// The events, as the client sent them.
    public var events: [JSONValue]
    /// When set, the append is refused unless the ledger's head is exactly this `seq`.
    public var expectedHead: UInt64?
    /// For each subject, the `seq` of the last event about it the client saw: the append is refused if
    /// any has a newer one. Subjects are told apart by their bytes.
    public var expectedSubjectSeqs: [ExactString: UInt64]

    public init(events: [JSONValue], expectedHead: UInt64? = nil, expectedSubjectSeqs: [ExactString: UInt64] = [:]) {
        self.events = events
        self.expectedHead = expectedHead
        self.expectedSubjectSeqs = expectedSubjectSeqs
    }

    static let fields: Set<ExactString> = ["events", "expected_head", "expected_subject_seq"]

    /// The JSON body.
    public var jsonValue: JSONValue {
        var members: JSONObject = ["events": .array(events)]
        if let expectedHead { members["expected_head"] = .number(Double(expectedHead)) }
        if !expectedSubjectSeqs.isEmpty {
            var subjects = JSONObject()
            for (subject, seq) in expectedSubjectSeqs { subjects[subject.string] = .number(Double(seq)) }
            members["expected_subject_seq"] = .object(subjects)
        }
        return .object(members)
    }

    private static func seq(_ value: JSONValue) -> UInt64? {
        guard case .number(let number) = value, number >= 0, number.rounded() == number, number < 9e15 else { return nil }
        return UInt64(number)
    }

    /// Reads a JSON body.
    ///
    /// - Throws: ``LedgerError`` with code ``LedgerError/Code/invalidJSON`` or ``LedgerError/Code/invalidBatch``.
    public init(json bytes: UnsafeRawBufferPointer) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw LedgerError(code: .invalidJSON, message: "The request body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw LedgerError(code: .invalidBatch, message: #"The request body must be an object: {"events":[…]}."#)
        }
        if let unknown = members.names.first(where: { !Self.fields.contains($0.exact) }) {
            throw LedgerError(
                code: .unknownField,
                message: "The request has an unknown field \(unknown); send events, expected_head and expected_subject_seq only.",
                problems: [EventProblem(index: nil, field: unknown, code: .unknownField, message: "Unknown field \(unknown).")])
        }
        guard case .array(let events) = members["events"] else {
            throw LedgerError(code: .invalidBatch, message: #"The request must have an "events" array: {"events":[…]}."#)
        }
        var expectedHead: UInt64?
        if let head = members["expected_head"] {
            guard let seq = Self.seq(head) else {
                throw LedgerError(
                    code: .wrongType, message: "expected_head must be a whole number, the seq you expect the head to be.")
            }
            expectedHead = seq
        }
        var expectedSubjectSeqs: [ExactString: UInt64] = [:]
        if let subjects = members["expected_subject_seq"] {
            guard case .object(let pairs) = subjects else {
                throw LedgerError(code: .wrongType, message: #"expected_subject_seq must be an object: {"subject": seq}."#)
            }
            for member in pairs {
                guard let seq = Self.seq(member.value) else {
                    throw LedgerError(
                        code: .wrongType,
                        message: "expected_subject_seq's value for \(member.name) must be a whole number (a seq).")
                }
                expectedSubjectSeqs[member.name.exact] = seq
            }
        }
        self.init(events: events, expectedHead: expectedHead, expectedSubjectSeqs: expectedSubjectSeqs)
    }

    /// Reads an NDJSON body: one event a line; blank lines are skipped.
    ///
    /// - Throws: ``LedgerError`` naming the line (as the event index) that is not JSON.
    public init(ndjson bytes: UnsafeRawBufferPointer) throws {
        var events: [JSONValue] = []
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<newline])
            lineNumber += 1
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                do {
                    events.append(try JSONParser.parse(line))
                } catch {
                    throw LedgerError(problems: [
                        EventProblem(
                            index: events.count, field: nil, code: .invalidJSON,
                            message: "Event \(events.count) (line \(lineNumber)) is not valid JSON: \(error)")
                    ])
                }
            }
            lineStart = newline + 1
        }
        self.init(events: events)
    }
}
