import LedgerKit
import Testing

@Suite("Event validation")
struct EventDecoderTests {
    static let valid = #""type":"assert","subject":"s","predicate":"p","object":1,"source":"src""#

    /// Each bad event, the field it must name, and the kind of problem.
    static let badEvents: [(json: String, field: String?, code: LedgerError.Code)] = [
        (#"{"type":"assert","predicate":"p","object":1,"source":"src"}"#, "subject", .missingField),
        (#"{"type":"assert","subject":"s","object":1,"source":"src"}"#, "predicate", .missingField),
        (#"{"type":"assert","subject":"s","predicate":"p","source":"src"}"#, "object", .missingField),
        (#"{"type":"assert","subject":"s","predicate":"p","object":1}"#, "source", .missingField),
        (#"{"subject":"s","predicate":"p","object":1,"source":"src"}"#, "type", .missingField),
        (#"{"type":"assert","subject":"","predicate":"p","object":1,"source":"src"}"#, "subject", .invalidValue),
        (#"{"type":"assert","subject":7,"predicate":"p","object":1,"source":"src"}"#, "subject", .wrongType),
        (#"{"type":"assert","subject":"s","predicate":"p","object":null,"source":"src"}"#, "object", .wrongType),
        (#"{"type":"guess","subject":"s"}"#, "type", .invalidValue),
        (#"{\#(valid),"polarity":"maybe"}"#, "polarity", .invalidValue),
        (#"{\#(valid),"polarity":true}"#, "polarity", .wrongType),
        (#"{\#(valid),"confidence":1.5}"#, "confidence", .invalidValue),
        (#"{\#(valid),"confidence":-0.1}"#, "confidence", .invalidValue),
        (#"{\#(valid),"confidence":"high"}"#, "confidence", .wrongType),
        (#"{\#(valid),"effective_at":"7 Dec 2015"}"#, "effective_at", .invalidValue),
        (#"{\#(valid),"effective_at":1449446400}"#, "effective_at", .wrongType),
        (#"{\#(valid),"id":"has space"}"#, "id", .invalidValue),
        (#"{\#(valid),"id":"\#(String(repeating: "x", count: 129))"}"#, "id", .invalidValue),
        (#"{\#(valid),"colour":"red"}"#, "colour", .unknownField),
        (#"{\#(valid),"seq":1}"#, "seq", .fieldSetByDaemon),
        (#"{\#(valid),"recorded_at":"2015-12-07T00:00:00Z"}"#, "recorded_at", .fieldSetByDaemon),
        (#"{\#(valid),"actor":"root"}"#, "actor", .fieldSetByDaemon),
        (#"{\#(valid),"evidence_hash":"00"}"#, "evidence_hash", .fieldSetByDaemon),
        (
            #"{\#(valid),"evidence":{"quote":"q","salt":"00112233445566778899aabbccddeeff"}}"#, "evidence.salt",
            .fieldSetByDaemon
        ),
        (#"{\#(valid),"evidence":{"quote":"q","page":4}}"#, "evidence.page", .unknownField),
        (#"{\#(valid),"evidence":{"quote":5}}"#, "evidence.quote", .wrongType),
        (#"{\#(valid),"evidence":"a quote"}"#, "evidence", .wrongType),
        (#"{\#(valid),"evidence":{}}"#, "evidence", .invalidValue),
        (#"{"type":"retract","reason":"wrong"}"#, "target", .missingField),
        (#"{"type":"retract","target":"a"}"#, "reason", .missingField),
        (#"{"type":"retract","target":"a","reason":"wrong","subject":"s"}"#, "subject", .unknownField),
        (#"{"type":"retract","target":"a","reason":"wrong","effective_at":"soon"}"#, "effective_at", .invalidValue),
        (#"["not","an","object"]"#, nil, .wrongType),
    ]

    @Test("Each rule rejects its bad input, naming the field", arguments: badEvents)
    func rejects(json: String, field: String?, code: LedgerError.Code) throws {
        let value = try JSONParser.parse(json)
        let error = try #require(throws: LedgerError.self) { try EventDecoder.drafts(from: [value]) }
        #expect(error.code == code)
        #expect(error.field == field)
        #expect(error.index == 0)
        #expect(error.message.hasPrefix("Event 0"))
    }

    @Test func reportsEveryProblemOfEveryEvent() throws {
        let values = try [
            JSONParser.parse(#"{\#(Self.valid)}"#),
            JSONParser.parse(#"{"type":"assert","object":1,"source":"src","seq":4}"#),
            JSONParser.parse(#"{\#(Self.valid),"confidence":2}"#),
        ]
        let error = try #require(throws: LedgerError.self) { try EventDecoder.drafts(from: values) }
        let found = error.problems.map { "\($0.index!):\($0.field ?? "")" }
        #expect(found == ["1:seq", "1:subject", "1:predicate", "2:confidence"])
        #expect(error.message.contains("and 3 more problems"))
    }

    @Test func decodesEveryFieldOfAClaim() throws {
        let draft = try Fixtures.draft(
            #"""
            {"type":"assert","id":"mfa-killed","subject":"strike:deir-ezzor:2015-12-06","predicate":"killed",
             "object":3,"source":"Syrian Foreign Ministry","polarity":"affirm","confidence":0.8,
             "effective_at":"2015-12-07T12:00:00+02:00",
             "evidence":{"quote":"killed three soldiers","citation":"https://example.org/a","note":"via SANA"}}
            """#)
        #expect(draft.id == "mfa-killed")
        guard case .assert(let claim) = draft.body else {
            Issue.record("not an assertion")
            return
        }
        #expect(claim.object == .number(3))
        #expect(claim.polarity == .affirm)
        #expect(claim.confidence == 0.8)
        #expect(claim.effectiveAt?.rfc3339 == "2015-12-07T10:00:00.000000Z")
        #expect(claim.evidence == Evidence(quote: "killed three soldiers", citation: "https://example.org/a", note: "via SANA"))
    }

    @Test func objectMayBeAnyNonNullJSONValue() throws {
        for object in [#""Russia""#, "4", "true", "[1,2]", #"{"min":3,"max":4}"#] {
            let draft = try Fixtures.draft(#"{"type":"assert","subject":"s","predicate":"p","object":\#(object),"source":"x"}"#)
            guard case .assert(let claim) = draft.body else {
                Issue.record("not an assertion")
                return
            }
            #expect(claim.object == (try JSONParser.parse(object)))
        }
    }
}
