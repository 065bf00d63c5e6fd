import Foundation
import Testing

@Suite("ledgerd refuses bad input and writes nothing of it", .serialized)
struct BadInputTests {
    struct Case: CustomStringConvertible {
        var description: String
        var request = "POST /v1/events"
        var headers: [String: String] = [:]
        var body: [UInt8]
        var status: Int
        var code: String
        var field: String?
    }

    static let claim = #""type":"assert","subject":"s","predicate":"p","object":1,"source":"x""#

    static func batch(_ events: String...) -> [UInt8] {
        Array(#"{"events":[\#(events.joined(separator: ","))]}"#.utf8)
    }

    static let cases: [Case] = [
        Case(description: "malformed JSON", body: Array(#"{"events":[{]}"#.utf8), status: 400, code: "invalid_json"),
        Case(
            description: "invalid UTF-8",
            body: Array(#"{"events":[{"type":"assert","subject":""#.utf8) + [0xC3, 0x28]
                + Array(#"","predicate":"p","object":1,"source":"x"}]}"#.utf8), status: 400, code: "invalid_json"),
        Case(description: "not an object", body: Array("[1,2]".utf8), status: 400, code: "invalid_batch"),
        Case(description: "no events", body: batch(), status: 400, code: "invalid_batch"),
        Case(
            description: "wrong type", body: batch(#"{"type":"assert","subject":5,"predicate":"p","object":1,"source":"x"}"#),
            status: 400, code: "wrong_type", field: "subject"),
        Case(
            description: "unknown field", body: batch(#"{\#(claim),"colour":"red"}"#), status: 400, code: "unknown_field",
            field: "colour"),
        Case(
            description: "missing field", body: batch(#"{"type":"assert","subject":"s","object":1,"source":"x"}"#),
            status: 400, code: "missing_field", field: "predicate"),
        Case(
            description: "forged actor", body: batch(#"{\#(claim),"actor":"mallory"}"#), status: 400,
            code: "field_set_by_daemon", field: "actor"),
        Case(
            description: "forged seq", body: batch(#"{\#(claim),"seq":1}"#), status: 400, code: "field_set_by_daemon",
            field: "seq"),
        Case(
            description: "forged recorded_at", body: batch(#"{\#(claim),"recorded_at":"2015-12-07T00:00:00Z"}"#),
            status: 400, code: "field_set_by_daemon", field: "recorded_at"),
        Case(
            description: "forged evidence_hash", body: batch(#"{\#(claim),"evidence_hash":"aa"}"#), status: 400,
            code: "field_set_by_daemon", field: "evidence_hash"),
        Case(
            description: "client-chosen salt",
            body: batch(#"{\#(claim),"evidence":{"quote":"q","salt":"00000000000000000000000000000000"}}"#), status: 400,
            code: "field_set_by_daemon", field: "evidence.salt"),
        Case(
            description: "event over the size limit",
            body: batch(#"{\#(claim),"evidence":{"quote":"\#(String(repeating: "q", count: 2_000))"}}"#), status: 413,
            code: "event_too_large"),
        Case(
            description: "body over the limit",
            body: Array(#"{"events":[{\#(claim),"evidence":{"note":"\#(String(repeating: "n", count: 70_000))"}}]}"#.utf8),
            status: 413, code: "body_too_large"),
        Case(
            description: "batch over the count limit",
            body: batch(Array(repeating: "{\(claim)}", count: 6).joined(separator: ",")),
            status: 413, code: "batch_too_large"),
        Case(
            description: "unknown retract target", body: batch(#"{"type":"retract","target":"nothing","reason":"r"}"#),
            status: 404, code: "unknown_target", field: "target"),
        Case(
            description: "second retraction", body: batch(#"{"type":"retract","target":"seeded","reason":"again"}"#),
            status: 409, code: "already_retracted", field: "target"),
        Case(
            description: "bad line in NDJSON", headers: ["Content-Type": "application/x-ndjson"],
            body: Array("{\(claim)}\n{oops\n".utf8), status: 400, code: "invalid_json"),
        Case(description: "unknown path", request: "GET /v1/nothing", body: [], status: 404, code: "not_found"),
        Case(
            description: "a method the path does not take", request: "DELETE /v1/events", body: [], status: 405,
            code: "method_not_allowed"),
        Case(description: "unknown event", request: "GET /v1/events/nothing", body: [], status: 404, code: "not_found"),
        Case(
            description: "bad query parameter", request: "GET /v1/events?from=first", body: [], status: 400,
            code: "bad_request"),
    ]

    @Test(arguments: StorageBackend.allCases)
    func everyBadRequestGetsTheDocumentedErrorAndWritesNothing(backend: StorageBackend) throws {
        let daemon = try TestDaemon(
            extraTOML: """
                [limits]
                max_event_bytes = 1024
                max_request_bytes = 65536
                max_batch_events = 5
                """, backend: backend)
        let seed = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events",
            body: Self.batch(
                #"{\#(Self.claim),"id":"seeded"}"#, #"{"type":"retract","target":"seeded","reason":"first"}"#))
        #expect(seed.status == 200)
        for item in Self.cases {
            let response = try UnixHTTP.request(socket: daemon.socket, item.request, body: item.body, headers: item.headers)
            #expect(response.status == item.status, "\(item): \(response.text)")
            #expect(response.errorCode == item.code, "\(item): \(response.text)")
            #expect(response.errorField == item.field, "\(item): \(response.text)")
            #expect(response.headers["content-type"] == "application/json", "\(item)")
            #expect(try daemon.head() == 2, "\(item) wrote something")
        }
    }

    @Test func brokenConnectionsNeitherWriteNorStopTheDaemon() throws {
        let daemon = try TestDaemon(extraTOML: "[limits]\nidle_timeout_seconds = 1\nmax_header_bytes = 4096\n")
        let event = Array(#"{"events":[{\#(Self.claim)}]}"#.utf8)

        // A client that connects and sends nothing is closed once idle.
        let silent = try UnixHTTP.Connection(path: daemon.socket, timeoutSeconds: 10)
        let start = Date()
        #expect(try silent.readToEnd().isEmpty)
        #expect(Date().timeIntervalSince(start) < 9)

        // A truncated body: the promised length never arrives before the client stops sending.
        let truncated = try UnixHTTP.Connection(path: daemon.socket)
        try truncated.send(
            Array("POST /v1/events HTTP/1.1\r\nHost: l\r\nContent-Length: \(event.count)\r\n\r\n".utf8)
                + event.prefix(event.count / 2))
        truncated.finishSending()
        _ = try truncated.readToEnd()

        // A client that disconnects mid-body.
        do {
            let leaving = try UnixHTTP.Connection(path: daemon.socket)
            try leaving.send(Array("POST /v1/events HTTP/1.1\r\nHost: l\r\nContent-Length: 100000\r\n\r\n".utf8) + event)
        }

        // Huge headers are refused.
        let huge = try? UnixHTTP.request(
            socket: daemon.socket, "GET /v1/status", headers: ["X-Big": String(repeating: "h", count: 10_000)])
        #expect(huge.map { $0.status >= 400 } ?? true)

        Thread.sleep(forTimeInterval: 0.2)
        #expect(try daemon.head() == 0)
        let ok = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: event)
        #expect(ok.status == 200)
        #expect(try daemon.head() == 1)
    }
}
