import Foundation
import LedgerTestSupport
import Testing

/// Seeded random bodies, headers and framings sent to the real daemon: every answer is a 2xx, or a 4xx
/// with the API's error body; never a 5xx; and the head moves by exactly the events acknowledged.
///
/// `LEDGER_FUZZ_REQUESTS` (default 1,500) and `LEDGER_FUZZ_SEED` change the run.
@Suite("Fuzzing the daemon's request bodies")
struct BodyFuzzTests {
    static let requests = ProcessInfo.processInfo.environment["LEDGER_FUZZ_REQUESTS"].flatMap(Int.init) ?? 1_500
    static let seed = ProcessInfo.processInfo.environment["LEDGER_FUZZ_SEED"].flatMap(UInt64.init) ?? 8785

    @Test func noBodyIsA500AndEveryAcknowledgedEventIsThere() throws {
        let daemon = try TestDaemon(extraTOML: "[limits]\nmax_batch_events = 3\nmax_event_bytes = 2048\n")
        var random = SeededRandom(seed: Self.seed)
        var acknowledged = Set<String>()
        for round in 0..<Self.requests {
            let events = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                Bool.random(using: &random) ? HostileJSON.validEvent(using: &random) : HostileJSON.event(using: &random)
            }
            let isNDJSON = Bool.random(using: &random)
            var body = Array(
                (isNDJSON ? events.joined(separator: "\n") : #"{"events":[\#(events.joined(separator: ","))]}"#).utf8)
            if round % 2 == 1 { HostileJSON.mutate(&body, using: &random) }
            var head = "POST /v1/events HTTP/1.1\r\nHost: l\r\nConnection: close\r\n"
            if isNDJSON {
                head += ["Content-Type: application/x-ndjson\r\n", "Content-Type: APPLICATION/X-NDJSON; charset=utf-8\r\n"]
                    .randomElement(using: &random)!
            }
            var bytes: [UInt8]
            switch Int.random(in: 0..<10, using: &random) {
            case 0:  // chunked, in random pieces
                bytes = Array((head + "Transfer-Encoding: chunked\r\n\r\n").utf8)
                var rest = body[...]
                while !rest.isEmpty {
                    let piece = rest.prefix(Int.random(in: 1...64, using: &random))
                    bytes += Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Array("\r\n".utf8)
                    rest = rest.dropFirst(piece.count)
                }
                bytes += Array("0\r\n\r\n".utf8)
            case 1:  // a length that lies: longer than the body, which then ends
                bytes =
                    Array((head + "Content-Length: \(body.count + Int.random(in: 1...10, using: &random))\r\n\r\n").utf8) + body
            default:
                bytes = Array((head + "Content-Length: \(body.count)\r\n\r\n").utf8) + body
            }
            let connection = try UnixHTTP.Connection(path: daemon.socket, timeoutSeconds: 10)
            try connection.send(bytes)
            connection.finishSending()
            let response = try UnixHTTP.parse(try connection.readToEnd())
            let context = "seed \(Self.seed) round \(round): \(String(decoding: body, as: UTF8.self)) → \(response.text)"
            #expect(response.status < 500, "\(context)")
            if response.status >= 400 {
                #expect(response.errorCode != nil && response.headers["content-type"] == "application/json", "\(context)")
            } else {
                let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                for result in json?["results"] as? [[String: Any]] ?? [] {
                    if let id = result["id"] as? String { acknowledged.insert(id) }
                }
            }
        }
        #expect(!acknowledged.isEmpty)
        #expect(try daemon.head() == acknowledged.count)
        #expect(try daemon.ctl("audit", "verify").status == 0)
    }
}
