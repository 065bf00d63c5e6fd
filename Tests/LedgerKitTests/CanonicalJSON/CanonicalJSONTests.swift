import Foundation
import LedgerKit
import Testing

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    static let numberVectors: [(bits: String, text: String)] =
        (try? Vectors.rows("rfc8785-numbers.txt"))?
        .map { ($0[0], $0[1]) } ?? []

    @Test("Appendix B numbers", arguments: numberVectors)
    func appendixBNumber(bits: String, text: String) throws {
        let value = Double(bitPattern: UInt64(bits, radix: 16)!)
        #expect(CanonicalJSON.string(.number(value)) == text)
        // The text parses back to the same double.
        #expect(try JSONParser.parse(text) == .number(value))
    }

    @Test func allAppendixBVectorsAreLoaded() {
        #expect(Self.numberVectors.count == 24)
    }

    @Test("Section 3.2.2 example, byte for byte")
    func section322() throws {
        let input = try JSONParser.parse(Vectors.bytes("rfc8785-3.2.2-input.json"))
        #expect(CanonicalJSON.encode(input) == (try Vectors.bytes("rfc8785-3.2.2-output.json")))
    }

    @Test("Section 3.2.3 key sorting by UTF-16 code units")
    func section323() throws {
        let input = try JSONParser.parse(Vectors.bytes("rfc8785-3.2.3-input.json"))
        #expect(CanonicalJSON.encode(input) == (try Vectors.bytes("rfc8785-3.2.3-output.json")))
    }

    @Test(
        "Strings escape only what ECMAScript escapes",
        arguments: [
            ("\u{0}\u{1f}", #""\u0000\u001f""#),
            ("\u{8}\u{9}\u{a}\u{c}\u{d}", #""\b\t\n\f\r""#),
            ("\"\\/", #""\"\\/""#),
            ("\u{7f}\u{2028}é😀", "\"\u{7f}\u{2028}é😀\""),
        ])
    func stringEscapes(input: String, expected: String) {
        #expect(CanonicalJSON.string(.string(input)) == expected)
    }

    @Test(
        "Numbers in our own cases",
        arguments: [
            (1.0, "1"), (-1.5, "-1.5"), (100.0, "100"), (0.1, "0.1"), (1e21, "1e+21"), (1e-7, "1e-7"),
            (123456789012345680000.0, "123456789012345680000"), (0.000001234, "0.000001234"), (3.0, "3"),
            (13.0, "13"), (-0.0, "0"), (2.5e-8, "2.5e-8"), (1.5e300, "1.5e+300"),
        ])
    func ourNumbers(value: Double, expected: String) {
        #expect(CanonicalJSON.string(.number(value)) == expected)
    }

    @Test func nestedStructuresSortAtEveryLevel() throws {
        let value = try JSONParser.parse(#"{"b":[{"z":1,"a":2}],"a":{"y":true,"x":null}}"#)
        #expect(CanonicalJSON.string(value) == #"{"a":{"x":null,"y":true},"b":[{"a":2,"z":1}]}"#)
    }
}

@Suite("Strict JSON parsing")
struct JSONParserTests {
    @Test(
        "Rejects what is not I-JSON",
        arguments: [
            (#"{"a":1,"a":2}"#, "appears twice"),
            (#"[01]"#, "leading zero"),
            (#"[1.]"#, "digit after"),
            (#"{"a":1} x"#, "after the JSON value"),
            (#"{"a":1"#, "ends inside an object"),
            (#""\ud800""#, "low surrogate"),
            (#""\udc00""#, "without a high surrogate"),
            (#"[1e400]"#, "too large"),
            (#"[NaN]"#, "unexpected character"),
            (#"{'a':1}"#, "member name"),
            ("\"a\u{1}b\"", "control character"),
            (#""\x""#, "unknown escape"),
            ("", "ends where a value"),
        ])
    func rejects(text: String, reason: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }

    @Test func rejectsNestingDeeperThanTheLimit() throws {
        let deep =
            String(repeating: "[", count: JSONParser.maximumDepth + 1)
            + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let allowed =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(allowed)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00\u00e9\n""#) == .string("😀é\n"))
    }
}

@Suite("Key order")
struct KeyOrderTests {
    @Test func objectsSortKeysByUTF16CodeUnitsOnEveryPair() {
        let keys = [
            "", "a", "ab", "b", "\r", "1", "\u{80}", "ö", "€", "😀", "\u{FB33}", "\u{E000}", "\u{FFFF}",
            "\u{10000}", "a😀", "a\u{E000}", "é", "e", "\u{7FF}", "\u{800}", "\u{D7FF}",
        ]
        for lhs in keys {
            for rhs in keys where lhs != rhs {
                let (first, second) = lhs.utf16.lexicographicallyPrecedes(rhs.utf16) ? (lhs, rhs) : (rhs, lhs)
                let value: (String) -> String = { $0 == lhs ? "1" : "2" }
                let expected =
                    "{" + CanonicalJSON.string(.string(first)) + ":" + value(first) + ","
                    + CanonicalJSON.string(.string(second)) + ":" + value(second) + "}"
                #expect(
                    CanonicalJSON.string([lhs: 1, rhs: 2]) == expected,
                    "\(lhs.unicodeScalars.map(\.value)) \(rhs.unicodeScalars.map(\.value))")
            }
        }
    }
}
