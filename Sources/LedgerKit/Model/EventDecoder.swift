/// Turns JSON into events, enforcing every rule of docs/semantics.md § Events that needs no ledger state.
public enum EventDecoder {
    /// The most characters an id may have.
    public static let maximumIDLength = 128
    /// The most bytes of UTF-8 a subject, predicate or source may have: they are parts of index keys.
    public static let maximumKeyLength = 400
    /// The most conduits a claim's `via` may name.
    public static let maximumConduits = 8
    /// The longest conduit name, in bytes.
    public static let maximumConduitLength = 256
    /// How deeply arrays and objects may nest in a claim's `object` (``JSONValue/nestingDepth``): `[[1]]`
    /// nests 2 deep. Every answer that embeds an event (history, receipts, reports) adds a few levels, and
    /// every reader, ours and others', must still parse it back: ``JSONParser/maximumDepth`` is far above.
    public static let maximumObjectDepth = 64

    /// Decodes a batch of client events, returning every problem found in any of them.
    ///
    /// - Throws: ``LedgerError`` listing each ``EventProblem`` with its event index and field.
    public static func drafts(from values: [JSONValue]) throws -> [EventDraft] {
        var problems: [EventProblem] = []
        var drafts: [EventDraft] = []
        drafts.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            if let draft = draft(from: value, index: index, problems: &problems) { drafts.append(draft) }
        }
        if !problems.isEmpty { throw LedgerError(problems: problems) }
        return drafts
    }

    /// Decodes one client event at batch position `index`, adding what is wrong to `problems`.
    public static func draft(from value: JSONValue, index: Int, problems: inout [EventProblem]) -> EventDraft? {
        guard case .object(let members) = value else {
            problems.append(
                EventProblem(
                    index: index, field: nil, code: .wrongType,
                    message: "Event \(index) is \(value.typeDescription); send each event as a JSON object."))
            return nil
        }
        let problemsBefore = problems.count
        var reader = FieldReader(members: members, index: index, problems: problems)
        for field in EventField.setByDaemon where members[field] != nil {
            reader.refuseDaemonField(field)
        }
        let draft = decodeContent(&reader, isStored: false).map { EventDraft(id: $0.id, body: $0.body) }
        if hasKnownType(members) { reader.refuseUnknownFields() }
        problems = reader.problems
        return problems.count == problemsBefore ? draft : nil
    }

    /// Decodes an event as the store keeps it, with the daemon's fields.
    ///
    /// - Throws: ``LedgerError`` with code ``LedgerError/Code/damagedEvent`` naming what is wrong.
    public static func storedEvent(from value: JSONValue) throws -> Event {
        guard case .object(let members) = value else {
            throw LedgerError(code: .damagedEvent, message: "A stored event is \(value.typeDescription), not an object.")
        }
        var reader = FieldReader(members: members, index: nil, problems: [])
        let seq = reader.sequenceNumber(EventField.seq)
        let recordedAt = reader.timestamp(EventField.recordedAt, required: true)
        let actor = reader.string(EventField.actor, required: true)
        let content = decodeContent(&reader, isStored: true)
        if hasKnownType(members) { reader.refuseUnknownFields() }
        guard reader.problems.isEmpty, let seq, let recordedAt, let actor, let content, let id = content.id else {
            let where_ =
                members[EventField.seq].flatMap { $0.numberValue }.flatMap { UInt64(exactly: $0) }
                .map { "The stored event \($0)" } ?? "A stored event"
            let reasons = reader.problems.map(\.message).joined(separator: " ")
            throw LedgerError(code: .damagedEvent, message: "\(where_) is damaged: \(reasons)", problems: reader.problems)
        }
        return Event(seq: seq, recordedAt: recordedAt, actor: actor, id: id, body: content.body)
    }

    /// Decodes an event from its stored canonical bytes.
    public static func storedEvent(from bytes: UnsafeRawBufferPointer) throws -> Event {
        if let event = plainStoredEvent(from: bytes) { return event }
        do {
            return try storedEvent(from: JSONParser.parse(bytes))
        } catch let error as JSONParseError {
            throw LedgerError(code: .damagedEvent, message: "A stored event is not valid JSON: \(error)")
        }
    }

    /// Unknown fields are only worth naming once we know which fields the event should have.
    private static func hasKnownType(_ members: JSONObject) -> Bool {
        members[EventField.type]?.stringValue.flatMap(EventType.init(rawValue:)) != nil
    }

    private static func decodeContent(_ reader: inout FieldReader, isStored: Bool) -> (id: String?, body: EventBody)? {
        let id = reader.identifier(EventField.id, required: isStored)
        guard let typeName = reader.string(EventField.type, required: true) else { return nil }
        guard let type = EventType(rawValue: typeName) else {
            reader.problem(
                EventField.type, .invalidValue, "type must be \"assert\", \"retract\" or \"erase\", not \"\(typeName)\".")
            return nil
        }
        switch type {
        case .assert:
            let subject = reader.keyString(EventField.subject)
            let predicate = reader.keyString(EventField.predicate)
            let object = reader.objectValue(EventField.object, limitingDepth: !isStored)
            let source = reader.keyString(EventField.source)
            let polarity = reader.polarity(EventField.polarity)
            let effectiveAt = reader.timestamp(EventField.effectiveAt, required: false)
            let confidence = reader.confidence(EventField.confidence)
            let evidence = reader.evidence(EventField.evidence, isStored: isStored)
            let via = reader.conduits(EventField.via)
            let basis = reader.basis(EventField.basis)
            if !isStored, let subject, let predicate, let object {
                reader.checkSourceFact(subject: subject, predicate: predicate, object: object)
            }
            let evidenceHash = isStored ? reader.hash(EventField.evidenceHash) : nil
            if isStored, evidence != nil, evidenceHash == nil {
                reader.problem(EventField.evidenceHash, .missingField, "evidence_hash is missing beside evidence.")
            }
            guard let subject, let predicate, let object, let source else { return nil }
            return (
                id,
                .assert(
                    Assertion(
                        subject: subject, predicate: predicate, object: object, source: source, polarity: polarity,
                        effectiveAt: effectiveAt, confidence: confidence, evidence: evidence, evidenceHash: evidenceHash,
                        via: via, basis: basis))
            )
        case .retract:
            let target = reader.identifier(EventField.target, required: true)
            let reason = reader.string(EventField.reason, required: true)
            let effectiveAt = reader.timestamp(EventField.effectiveAt, required: false)
            guard let target, let reason else { return nil }
            return (id, .retract(Retraction(target: target, reason: reason, effectiveAt: effectiveAt)))
        case .erase:
            let target = reader.identifier(EventField.target, required: true)
            let reason = reader.string(EventField.reason, required: true)
            guard let target, let reason else { return nil }
            return (id, .erase(Erasure(target: target, reason: reason)))
        }
    }
}
