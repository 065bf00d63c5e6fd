import Foundation
import LedgerKit
import Testing

@Suite("API responses")
struct AppendResponseTests {
    @Test func theDirectWriterDecodesToTheSameResponse() throws {
        let response = AppendResponse(AppendResult(head: 42, events: [
            AppendedEvent(seq: 41, id: "deir-ezzor-2015:sana", recordedAt: Timestamp(microsecondsSinceEpoch: 1_764_000_000_123_456), isDuplicate: false),
            AppendedEvent(seq: 7, id: "quote \"and\" back\\slash\ttab é", recordedAt: Timestamp(microsecondsSinceEpoch: 0), isDuplicate: true),
        ]))
        let bytes = response.jsonBytes
        #expect(try JSONDecoder().decode(AppendResponse.self, from: Data(bytes)) == response)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try JSONSerialization.jsonObject(with: encoder.encode(response)) as? NSDictionary
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary == foundation)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"head":42,"results":[{"duplicate":false,"id":"deir-ezzor-2015:sana","#))
    }
}
