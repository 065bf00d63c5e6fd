import Foundation

/// The parts of a replayed event line an audit needs, found by one scan of its bytes without decoding
/// the event: its `seq`, and where its `evidence` and `evidence_hash` are.
///
/// An audit can trust the line's bytes without decoding them because it hashes them: the leaf is the
/// line without its `evidence` member, so any byte that differs from what the ledger committed to
/// changes the leaf and the root. The scan only has to find the members, and refuses what is not a
/// one-line JSON object in the canonical form the daemon stores.
public struct StoredEventLine {
    /// The event's `seq`.
    public private(set) var seq: UInt64 = 0
    /// The `evidence` value's bytes.
    private(set) var evidence: Range<Int>?
    /// The whole `,"evidence":{…}` member, separator included: what the leaf leaves out.
    private(set) var evidenceMember: Range<Int>?
    /// The `evidence_hash` string's bytes, inside the quotes.
    private(set) var evidenceHash: Range<Int>?
    /// The `recorded_at` string's bytes, inside the quotes.
    private(set) var recordedAt: Range<Int>?
    /// The `id` string's bytes, inside the quotes.
    private(set) var id: Range<Int>?

    /// Why a line is not a stored event.
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Scans `bytes`, one line without its newline.
    public init(_ bytes: UnsafeRawBufferPointer) throws(Malformed) {
        var scanner = Scanner(bytes: bytes)
        try scanner.expect(UInt8(ascii: "{"))
        var sawSeq = false
        var isFirst = true
        while !scanner.consume(UInt8(ascii: "}")) {
            let memberStart = scanner.position
            if !isFirst { try scanner.expect(UInt8(ascii: ",")) }
            isFirst = false
            let key = try scanner.string()
            try scanner.expect(UInt8(ascii: ":"))
            let valueStart = scanner.position
            try scanner.skipValue()
            let value = valueStart..<scanner.position
            switch Self.name(of: key, in: bytes) {
            case .seq:
                seq = try Self.unsignedInteger(bytes, value)
                sawSeq = true
            case .evidence:
                evidence = value
                evidenceMember = memberStart..<scanner.position
            case .evidenceHash:
                guard bytes[value.lowerBound] == UInt8(ascii: "\"") else {
                    throw Malformed(description: "evidence_hash is not a string")
                }
                evidenceHash = value.lowerBound + 1..<value.upperBound - 1
            case .recordedAt:
                guard bytes[value.lowerBound] == UInt8(ascii: "\"") else {
                    throw Malformed(description: "recorded_at is not a string")
                }
                recordedAt = value.lowerBound + 1..<value.upperBound - 1
            case .id:
                guard bytes[value.lowerBound] == UInt8(ascii: "\"") else { throw Malformed(description: "id is not a string") }
                id = value.lowerBound + 1..<value.upperBound - 1
            case nil: break
            }
        }
        guard scanner.isAtEnd else { throw Malformed(description: "bytes follow the event's closing brace") }
        guard sawSeq else { throw Malformed(description: "it has no seq") }
        guard evidenceMember?.lowerBound != 1 else { throw Malformed(description: "evidence is its first member") }
    }

    /// The `seq` of a stored event's line, or `nil` if the line is not one.
    public static func seq(of line: [UInt8]) -> UInt64? {
        line.withUnsafeBytes { try? StoredEventLine($0).seq }
    }

    /// The `recorded_at` of a stored event's line, read without decoding the rest; `nil` if the line has
    /// none the ledger could have written.
    public static func recordedAt(of line: UnsafeRawBufferPointer) -> Timestamp? {
        guard let parts = try? StoredEventLine(line), let range = parts.recordedAt else { return nil }
        return Timestamp(rfc3339: String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self))
    }

    /// The `id` of a stored event's line, read without decoding the rest; `nil` if the line has none.
    public static func id(of line: UnsafeRawBufferPointer) -> String? {
        guard let parts = try? StoredEventLine(line), let range = parts.id else { return nil }
        return String(validating: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self)
    }

    private enum Member { case seq, evidence, evidenceHash, recordedAt, id }

    private static func name(of key: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Member? {
        func equals(_ name: StaticString) -> Bool {
            name.utf8CodeUnitCount == key.count && memcmp(bytes.baseAddress! + key.lowerBound, name.utf8Start, key.count) == 0
        }
        switch key.count {
        case 2: return equals("id") ? .id : nil
        case 3: return equals("seq") ? .seq : nil
        case 8: return equals("evidence") ? .evidence : nil
        case 11: return equals("recorded_at") ? .recordedAt : nil
        case 13: return equals("evidence_hash") ? .evidenceHash : nil
        default: return nil
        }
    }

    private static func unsignedInteger(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        guard !range.isEmpty, range.count <= 19 else { throw Malformed(description: "seq is not a whole number") }
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { throw Malformed(description: "seq is not a whole number") }
            value = value * 10 + UInt64(digit)
        }
        return value
    }
}

/// A cursor over a line's bytes that can step over a JSON value without building it.
private struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    @inline(__always) mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    @inline(__always) mutating func expect(_ byte: UInt8) throws(StoredEventLine.Malformed) {
        guard consume(byte) else {
            throw StoredEventLine.Malformed(description: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(position)")
        }
    }

    /// Steps over a string and returns the range of its contents, inside the quotes.
    mutating func string() throws(StoredEventLine.Malformed) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = position
        // Jump from quote to quote; a quote ends the string unless an odd run of backslashes precedes it.
        while position < bytes.count, let found = memchr(bytes.baseAddress! + position, 0x22, bytes.count - position) {
            let quote = UnsafeRawPointer(found) - bytes.baseAddress!
            var backslashes = 0
            while quote - backslashes - 1 >= start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            position = quote + 1
            if backslashes % 2 == 0 { return start..<quote }
        }
        throw StoredEventLine.Malformed(description: "a string is not closed")
    }

    /// Steps over one value: a string, a number, a literal, or an object or array with all it holds.
    mutating func skipValue() throws(StoredEventLine.Malformed) {
        guard position < bytes.count else { throw StoredEventLine.Malformed(description: "a value is missing at its end") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    _ = try string()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                position += 1
            } while depth > 0 && position < bytes.count
            guard depth == 0 else { throw StoredEventLine.Malformed(description: "an object or array is not closed") }
        default:
            let start = position
            while position < bytes.count, Self.isScalarByte(bytes[position]) { position += 1 }
            guard position > start else { throw StoredEventLine.Malformed(description: "unexpected byte at \(position)") }
        }
    }

    /// The bytes of numbers and of `true`, `false` and `null`.
    private static func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            true
        default: false
        }
    }
}
