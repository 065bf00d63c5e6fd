import LedgerKit

/// Hostile but plausible JSON: the fields of events with values of every type, strings with escapes,
/// controls, equivalent spellings and astral characters, numbers at the edges of a double, times at the
/// edges of the range.
public enum HostileJSON {
    public static let fields = [
        "type", "subject", "predicate", "object", "source", "polarity", "effective_at", "confidence", "evidence", "id",
        "target", "reason", "seq", "actor", "recorded_at", "evidence_hash", "extra",
    ]

    public static func event(using random: inout SeededRandom) -> String {
        var members: [String] = []
        let type = ["assert", "assert", "assert", "retract", "erase", "Assert", ""].randomElement(using: &random)!
        members.append(#""type":"\#(type)""#)
        let likely = type == "assert" ? ["subject", "predicate", "object", "source"] : ["target", "reason"]
        for field in likely where Int.random(in: 0..<12, using: &random) != 0 {
            members.append(member(field, using: &random))
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            members.append(member(fields.randomElement(using: &random)!, using: &random))
        }
        members.shuffle(using: &random)
        return "{" + members.joined(separator: ",") + "}"
    }

    /// An event the daemon accepts, with hostile but valid values.
    public static func validEvent(using random: inout SeededRandom) -> String {
        func text() -> String {
            var value = string(using: &random)
            while value == "\"\"" || value.contains("\\u0000") || value.contains("\\ud800") || value.contains("\\udc00") {
                value = string(using: &random)
            }
            return value
        }
        var members = [#""type":"assert""#, #""subject":"# + text(), #""predicate":"# + text(), #""source":"# + text()]
        var object = any(depth: 0, using: &random)
        while object.contains("\\ud800") || object.contains("\\udc00") || object == "null" || object.contains("\"\":") {
            object = any(depth: 0, using: &random)
        }
        members.append(#""object":"# + object)
        if Bool.random(using: &random) { members.append(#""effective_at":""# + validTime(using: &random) + "\"") }
        if Bool.random(using: &random) {
            members.append(#""confidence":"# + ["0", "1", "0.5", "5e-324", "0.1"].randomElement(using: &random)!)
        }
        if Bool.random(using: &random) {
            members.append(#""polarity":"# + ["\"affirm\"", "\"deny\""].randomElement(using: &random)!)
        }
        if Bool.random(using: &random) { members.append(#""evidence":{"quote":"# + text() + "}") }
        if Bool.random(using: &random) { members.append(#""id":"k-\#(Int.random(in: 0...1_000_000, using: &random))""#) }
        members.shuffle(using: &random)
        return "{" + members.joined(separator: ",") + "}"
    }

    public static func validTime(using random: inout SeededRandom) -> String {
        let micros = Int64.random(
            in: Timestamp.minimum.microsecondsSinceEpoch...Timestamp.maximum.microsecondsSinceEpoch, using: &random)
        return Timestamp(microsecondsSinceEpoch: micros).rfc3339
    }

    public static func member(_ field: String, using random: inout SeededRandom) -> String {
        let value: String
        switch (field, Int.random(in: 0..<8, using: &random)) {
        case (_, 0): value = any(depth: 0, using: &random)
        case ("effective_at", _), ("recorded_at", _): value = "\"" + time(using: &random) + "\""
        case ("confidence", _): value = number(using: &random)
        case ("polarity", _): value = ["\"affirm\"", "\"deny\"", "\"maybe\""].randomElement(using: &random)!
        case ("id", _), ("target", _):
            value = ["\"k1\"", "\"a:b.c-d_e\"", "\"\"", "\"white space\"", "\"caf\\u00e9\""].randomElement(using: &random)!
        case ("object", _): value = any(depth: 0, using: &random)
        case ("evidence", _):
            value =
                "{"
                + ["quote", "citation", "note", "salt", "other"].shuffled(using: &random).prefix(
                    Int.random(in: 0...3, using: &random)
                )
                .map { "\"\($0)\":" + string(using: &random) }.joined(separator: ",") + "}"
        default: value = string(using: &random)
        }
        return "\"\(field)\":\(value)"
    }

    public static func any(depth: Int, using random: inout SeededRandom) -> String {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random) {
        case 0: return ["null", "true", "false"].randomElement(using: &random)!
        case 1: return number(using: &random)
        case 2, 3: return string(using: &random)
        case 4:
            return "["
                + (0..<Int.random(in: 0...3, using: &random)).map { _ in any(depth: depth + 1, using: &random) }.joined(
                    separator: ",") + "]"
        default:
            return "{"
                + (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    string(using: &random) + ":" + any(depth: depth + 1, using: &random)
                }.joined(separator: ",") + "}"
        }
    }

    public static func number(using random: inout SeededRandom) -> String {
        [
            "0", "-0", "1", "0.5", "-1", "1e308", "-1e308", "1e309", "5e-324", "1e-400", "9007199254740993", "0.1", "1E2",
            "123456789012345678901234567890", "-0.0", "2", "1.5", String(Double.random(in: -1e6...1e6, using: &random)),
            String(Int.random(in: 0...1_000_000, using: &random)),
        ].randomElement(using: &random)!
    }

    public static func string(using random: inout SeededRandom) -> String {
        let pieces = [
            "a", "caf\u{E9}", "cafe\u{301}", "\u{212A}", "\u{1F600}", "\\u0000", "\\n", "\\\"", "\\\\", "\\ud83d\\ude00",
            "\\ud800", "\\udc00", "\\u00e9", "\\/", "</script>", " ", "\u{FEFF}", "\u{10FFFF}", "x", "strike:deir-ezzor",
        ]
        return "\"" + (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            + "\""
    }

    public static func time(using random: inout SeededRandom) -> String {
        let dates = [
            "0000-01-01", "9999-12-31", "2015-12-07", "2016-02-29", "2015-02-29", "1970-01-01", "2000-13-01", "0000-00-00",
        ]
        let times = ["T00:00:00", "T23:59:59", "t12:30:00", "T24:00:00", "T23:59:60", " 12:00:00", "T9:00:00"]
        let fractions = ["", ".5", ".999999", ".000000000", ".123456789", ".", ".1234567"]
        let zones = ["Z", "z", "+00:00", "-00:00", "+00:01", "-01:00", "+23:59", "+24:00", "-0100", ""]
        return dates.randomElement(using: &random)! + times.randomElement(using: &random)!
            + fractions.randomElement(using: &random)! + zones.randomElement(using: &random)!
    }

    /// One to three byte-level changes: a byte replaced, inserted or removed, or a span cut.
    public static func mutate(_ bytes: inout [UInt8], using random: inout SeededRandom) {
        let interesting: [UInt8] = [
            0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80, 0x0A, 0x20, 0x2D,
        ]
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !bytes.isEmpty else { return }
            let index = Int.random(in: 0..<bytes.count, using: &random)
            let byte =
                Bool.random(using: &random)
                ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes[index] = byte
            case 1: bytes.insert(byte, at: index)
            case 2: bytes.remove(at: index)
            default: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &random)))
            }
        }
    }
}
