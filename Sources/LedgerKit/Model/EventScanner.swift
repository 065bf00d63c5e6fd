/// The members of one event object, read straight from its JSON bytes: each string member as a `String`,
/// `object` as a ``JSONValue``, numbers as doubles, and nothing else built. What the members mean is
/// checked after, by ``EventDecoder``'s plain path.
struct ScannedEvent {
    /// The members found, one bit each (``EventMember/bit``).
    var present: UInt32 = 0
    var id: String?
    var type: String?
    var subject: String?
    var predicate: String?
    var object: JSONValue?
    /// How deeply ``object`` nests by itself (``JSONValue/nestingDepth``).
    var objectDepth = 0
    var source: String?
    var polarity: String?
    var effectiveAt: String?
    var confidence: Double?
    var evidence: ScannedEvidence?
    var evidenceHash: String?
    var target: String?
    var reason: String?
    var seq: Double?
    var recordedAt: String?
    var actor: String?

    func has(_ member: EventMember) -> Bool { present & member.bit != 0 }
}

/// The members of an event's `evidence` object.
struct ScannedEvidence {
    var quote: String?
    var citation: String?
    var note: String?
    var salt: String?
    var isEmpty: Bool { quote == nil && citation == nil && note == nil && salt == nil }
}

/// The names an event may have, as docs/semantics.md § Events spells them.
enum EventMember: UInt32, CaseIterable {
    case actor, confidence, effectiveAt, evidence, evidenceHash, id, object, polarity, predicate, reason, recordedAt
    case seq, source, subject, target, type

    var bit: UInt32 { 1 << rawValue }

    var name: String {
        switch self {
        case .actor: EventField.actor
        case .confidence: EventField.confidence
        case .effectiveAt: EventField.effectiveAt
        case .evidence: EventField.evidence
        case .evidenceHash: EventField.evidenceHash
        case .id: EventField.id
        case .object: EventField.object
        case .polarity: EventField.polarity
        case .predicate: EventField.predicate
        case .reason: EventField.reason
        case .recordedAt: EventField.recordedAt
        case .seq: EventField.seq
        case .source: EventField.source
        case .subject: EventField.subject
        case .target: EventField.target
        case .type: EventField.type
        }
    }

    /// The member spelled by `name`'s bytes.
    static func named(_ name: UnsafeRawBufferPointer) -> EventMember? {
        for (spelling, member) in spellings where spelling.count == name.count {
            if spelling.withUnsafeBytes({ $0.elementsEqual(name) }) { return member }
        }
        return nil
    }

    private static let spellings: [([UInt8], EventMember)] = allCases.map { (Array($0.name.utf8), $0) }

    /// The set of several members.
    static func bits(_ members: EventMember...) -> UInt32 { members.reduce(0) { $0 | $1.bit } }
}

extension JSONParser {
    /// Reads an event object that fills `bytes` (white space around it allowed); `nil` unless it is an
    /// object whose member names are known event names, each once and written without escapes, with
    /// strings where strings belong and numbers where numbers do. `nil` never means more than "not
    /// plain": the full decoder then says what, if anything, is wrong.
    static func scanEvent(_ bytes: UnsafeRawBufferPointer) -> ScannedEvent? {
        var parser = JSONParser(bytes: bytes)
        guard let event = try? parser.scanEventObject() else { return nil }
        parser.skipWhitespace()
        return parser.position == bytes.count ? event : nil
    }

    /// Reads an event object at the current position (after white space), leaving the position after it.
    mutating func scanEventObject() throws(JSONParseError) -> ScannedEvent? {
        var event = ScannedEvent()
        let isComplete = try scanMembers { parser, name throws(JSONParseError) -> Bool in
            guard let member = EventMember.named(name), event.present & member.bit == 0 else { return false }
            event.present |= member.bit
            switch member {
            case .object:
                (event.object, event.objectDepth) = try parser.parseValueMeasuringDepth()
                return true
            case .confidence, .seq:
                guard let byte = parser.current,
                    byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte),
                    case .number(let number) = try parser.parseValue()
                else { return false }
                if member == .seq { event.seq = number } else { event.confidence = number }
                return true
            case .evidence:
                guard let evidence = try parser.scanEvidence() else { return false }
                event.evidence = evidence
                return true
            default:
                guard parser.current == UInt8(ascii: "\"") else { return false }
                let text = try parser.parseString()
                switch member {
                case .actor: event.actor = text
                case .effectiveAt: event.effectiveAt = text
                case .evidenceHash: event.evidenceHash = text
                case .id: event.id = text
                case .polarity: event.polarity = text
                case .predicate: event.predicate = text
                case .reason: event.reason = text
                case .recordedAt: event.recordedAt = text
                case .source: event.source = text
                case .subject: event.subject = text
                case .target: event.target = text
                case .type: event.type = text
                case .object, .confidence, .seq, .evidence: return false
                }
                return true
            }
        }
        return isComplete ? event : nil
    }

    /// Reads an `evidence` object whose members are all strings named quote, citation, note or salt.
    private mutating func scanEvidence() throws(JSONParseError) -> ScannedEvidence? {
        guard current == UInt8(ascii: "{") else { return nil }
        var evidence = ScannedEvidence()
        var seen: UInt8 = 0
        let isComplete = try scanMembers { parser, name throws(JSONParseError) -> Bool in
            let bit: UInt8
            if name.elementsEqual("quote".utf8) {
                bit = 1
            } else if name.elementsEqual("citation".utf8) {
                bit = 2
            } else if name.elementsEqual("note".utf8) {
                bit = 4
            } else if name.elementsEqual("salt".utf8) {
                bit = 8
            } else {
                return false
            }
            guard seen & bit == 0, parser.current == UInt8(ascii: "\"") else { return false }
            seen |= bit
            let text = try parser.parseString()
            switch bit {
            case 1: evidence.quote = text
            case 2: evidence.citation = text
            case 4: evidence.note = text
            default: evidence.salt = text
            }
            return true
        }
        return isComplete ? evidence : nil
    }

    /// Walks an object's members at the current position, handing each name's raw bytes to `member`
    /// with the position at its value; `member` reads the value and answers whether to go on. `false`
    /// if the object is empty, a name has an escape, or `member` stopped.
    private mutating func scanMembers(
        _ member: (inout JSONParser, UnsafeRawBufferPointer) throws(JSONParseError) -> Bool
    ) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard current == UInt8(ascii: "{") else { return false }
        position += 1
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { return false }
            position += 1
            let start = position
            while let byte = current, byte != UInt8(ascii: "\"") {
                guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { return false }
                position += 1
            }
            guard current == UInt8(ascii: "\"") else { return false }
            let name = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
            position += 1
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            guard try member(&self, name) else { return false }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return true
            default: return false
            }
        }
    }
}
