/// The fast path of ``EventDecoder``: an event read straight from its bytes (``JSONParser/scanEvent(_:)``)
/// and checked against every rule, without a ``JSONValue`` per member nor a ``FieldReader``. It takes only
/// events that are right, answering `nil` for anything else, which the full decoder then reads and, when
/// something is wrong, names every problem of. Tests check that the two agree on every input.
extension EventDecoder {
    /// A client event from its JSON bytes, or `nil` when it is not plainly right.
    static func plainDraft(from bytes: UnsafeRawBufferPointer) -> EventDraft? {
        guard let scanned = JSONParser.scanEvent(bytes) else { return nil }
        return plainDraft(scanned)
    }

    static func plainDraft(_ scanned: ScannedEvent) -> EventDraft? {
        guard let content = plainContent(scanned, isStored: false) else { return nil }
        return EventDraft(id: content.id, body: content.body)
    }

    /// A stored event from its bytes, or `nil` when it is not plainly right.
    static func plainStoredEvent(from bytes: UnsafeRawBufferPointer) -> Event? {
        guard let scanned = JSONParser.scanEvent(bytes), let number = scanned.seq, number >= 1,
            number <= 9_007_199_254_740_992, number.rounded() == number,
            let recordedAt = scanned.recordedAt.flatMap(Timestamp.init(rfc3339:)),
            let actor = scanned.actor, !actor.isEmpty,
            let content = plainContent(scanned, isStored: true), let id = content.id
        else { return nil }
        return Event(seq: UInt64(number), recordedAt: recordedAt, actor: actor, id: id, body: content.body)
    }

    /// The members each type may have; a stored event has the daemon's too.
    private static func allowed(_ type: EventType, isStored: Bool) -> UInt32 {
        let daemon = isStored ? EventMember.bits(.seq, .recordedAt, .actor) : 0
        switch type {
        case .assert:
            return daemon | (isStored ? EventMember.evidenceHash.bit : 0)
                | EventMember.bits(
                    .id, .type, .subject, .predicate, .object, .source, .polarity, .effectiveAt, .confidence, .evidence)
        case .retract: return daemon | EventMember.bits(.id, .type, .target, .reason, .effectiveAt)
        case .erase: return daemon | EventMember.bits(.id, .type, .target, .reason)
        }
    }

    private static func plainContent(_ scanned: ScannedEvent, isStored: Bool) -> (id: String?, body: EventBody)? {
        guard let type = scanned.type.flatMap(EventType.init(rawValue:)),
            scanned.present & ~allowed(type, isStored: isStored) == 0
        else { return nil }
        if let id = scanned.id {
            guard isIdentifier(id) else { return nil }
        } else if isStored {
            return nil
        }
        switch type {
        case .assert:
            guard let subject = scanned.subject, isKey(subject), let predicate = scanned.predicate, isKey(predicate),
                let source = scanned.source, isKey(source), let object = scanned.object, object != .null,
                isStored || scanned.objectDepth <= maximumObjectDepth,
                // A fact about a source has rules of its own: the full decoder checks them.
                isStored || SourceFacts.source(ofSubject: subject) == nil
            else { return nil }
            var polarity: Polarity?
            if let text = scanned.polarity {
                guard let given = Polarity(rawValue: text) else { return nil }
                polarity = given
            }
            var effectiveAt: Timestamp?
            if let text = scanned.effectiveAt {
                guard let time = Timestamp(rfc3339: text) else { return nil }
                effectiveAt = time
            }
            if let confidence = scanned.confidence, !(0...1).contains(confidence) { return nil }
            var evidence: Evidence?
            if let given = scanned.evidence {
                guard !given.isEmpty, given.quote?.isEmpty != true, given.citation?.isEmpty != true,
                    given.note?.isEmpty != true
                else { return nil }
                if isStored {
                    guard let salt = given.salt, salt.utf8.count == 32, salt.utf8.allSatisfy(\.isLowercaseHexDigit),
                        scanned.evidenceHash != nil
                    else { return nil }
                } else if given.salt != nil {
                    return nil
                }
                evidence = Evidence(quote: given.quote, citation: given.citation, note: given.note, salt: given.salt)
            }
            if let hash = scanned.evidenceHash {
                guard hash.utf8.count == 64, hash.utf8.allSatisfy(\.isLowercaseHexDigit) else { return nil }
            }
            return (
                scanned.id,
                .assert(
                    Assertion(
                        subject: subject, predicate: predicate, object: object, source: source, polarity: polarity,
                        effectiveAt: effectiveAt, confidence: scanned.confidence, evidence: evidence,
                        evidenceHash: scanned.evidenceHash))
            )
        case .retract:
            guard let target = scanned.target, isIdentifier(target), let reason = scanned.reason, !reason.isEmpty
            else { return nil }
            var effectiveAt: Timestamp?
            if let text = scanned.effectiveAt {
                guard let time = Timestamp(rfc3339: text) else { return nil }
                effectiveAt = time
            }
            return (scanned.id, .retract(Retraction(target: target, reason: reason, effectiveAt: effectiveAt)))
        case .erase:
            guard let target = scanned.target, isIdentifier(target), let reason = scanned.reason, !reason.isEmpty
            else { return nil }
            return (scanned.id, .erase(Erasure(target: target, reason: reason)))
        }
    }

    /// The rules of ``FieldReader/identifier(_:required:)``.
    static func isIdentifier(_ id: String) -> Bool {
        let utf8 = id.utf8
        return !utf8.isEmpty && utf8.count <= maximumIDLength
            && utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                    UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }

    /// The rules of ``FieldReader/keyString(_:)``.
    static func isKey(_ text: String) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= maximumKeyLength && !utf8.contains(0)
    }
}
