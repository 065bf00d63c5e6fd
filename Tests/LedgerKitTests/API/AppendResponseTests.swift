import Foundation
import LedgerKit
import Testing

@Suite("API responses")
struct AppendResponseTests {
    @Test func theDirectWriterDecodesToTheSameResponse() throws {
        let response = AppendResponse(
            AppendResult(
                head: 42,
                events: [
                    AppendedEvent(
                        seq: 41, id: "deir-ezzor-2015:sana", recordedAt: Timestamp(microsecondsSinceEpoch: 1_764_000_000_123_456),
                        isDuplicate: false),
                    AppendedEvent(
                        seq: 7, id: "quote \"and\" back\\slash\ttab é", recordedAt: Timestamp(microsecondsSinceEpoch: 0),
                        isDuplicate: true),
                ]))
        let bytes = response.jsonBytes
        #expect(try JSONDecoder().decode(AppendResponse.self, from: Data(bytes)) == response)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try JSONSerialization.jsonObject(with: encoder.encode(response)) as? NSDictionary
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary == foundation)
        #expect(
            String(decoding: bytes, as: UTF8.self).hasPrefix(
                #"{"head":42,"results":[{"duplicate":false,"id":"deir-ezzor-2015:sana","#))
    }
}

@Suite("Belief as JSON")
struct BeliefJSONTests {
    @Test func theDirectWriterMatchesJSONEncoderByteForByte() throws {
        let belief = SubjectBelief(
            subject: "strike:deir-ezzor:2015-12-06", at: Timestamp(rfc3339: "2026-11-25T00:00:00Z")!,
            asOf: Timestamp(rfc3339: "2026-11-25T00:00:00Z")!,
            predicates: [
                PredicateBelief(
                    predicate: "perpetrator", status: .contested,
                    candidates: [
                        Candidate(
                            object: .string("US-led coalition"), affirmedBy: ["SANA", "SOHR"], deniedBy: ["Col. Steve Warren"],
                            claims: ["a", "b", "c"]),
                        Candidate(
                            object: .object(["name": .string("quote \" <script>"), "n": .number(3)]), affirmedBy: [],
                            deniedBy: [], claims: []),
                    ]),
                PredicateBelief(
                    predicate: "killed", status: .settled,
                    candidates: [
                        Candidate(object: .number(4), affirmedBy: ["SOHR"], deniedBy: [], claims: ["d"])
                    ]),
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try encoder.encode(belief)
        #expect(try JSONDecoder().decode(SubjectBelief.self, from: Data(belief.jsonBytes)) == belief)
        #expect(String(decoding: belief.jsonBytes, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
    }
}
