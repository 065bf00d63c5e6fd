import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a request's head decides before its body: a transfer coding ledgerd does not take (501), a
/// body over the limit (413 at once, with or without `Expect`), and `Expect` from HTTP/1.0 (ignored).
@Suite("Requests refused or answered at their head", .serialized)
struct RequestHeadTests {
    static let claim = Array(#"{"events":[{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x"}]}"#.utf8)

    /// Sends `head` (and `body`), then reads what the daemon answers within `seconds`.
    static func exchange(_ socket: String, _ head: String, body: [UInt8] = [], seconds: Int = 5) throws -> String {
        let connection = try UnixHTTP.Connection(path: socket, timeoutSeconds: seconds)
        try connection.send(Array(head.utf8) + body)
        return String(decoding: try connection.readToEnd(), as: UTF8.self)
    }

    @Test(arguments: ["gzip, chunked", "deflate,chunked", "identity", "chunked, gzip"])
    func aTransferCodingOtherThanChunkedAloneIsRefused(coding: String) throws {
        let daemon = try TestDaemon()
        let chunk = String(Self.claim.count, radix: 16)
        let answer = try Self.exchange(
            daemon.socket,
            "POST /v1/events HTTP/1.1\r\nHost: l\r\nContent-Type: application/json\r\nTransfer-Encoding: \(coding)\r\n\r\n\(chunk)\r\n",
            body: Self.claim + Array("\r\n0\r\n\r\n".utf8))
        #expect(answer.hasPrefix("HTTP/1.1 501") || answer.hasPrefix("HTTP/1.1 400"), "\(coding): \(answer.prefix(300))")
        #expect(answer.contains(#""error":{"code":"#), "\(answer.prefix(300))")
        #expect(try daemon.head() == 0)
    }

    @Test func chunkedAloneIsTaken() throws {
        let daemon = try TestDaemon()
        let chunk = String(Self.claim.count, radix: 16)
        let answer = try Self.exchange(
            daemon.socket,
            "POST /v1/events HTTP/1.1\r\nHost: l\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n\(chunk)\r\n",
            body: Self.claim + Array("\r\n0\r\n\r\n".utf8))
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(300))")
    }

    @Test(arguments: [false, true])
    func aBodyOverTheLimitIsRefusedAtOnceBeforeItIsSent(expectsContinue: Bool) throws {
        let daemon = try TestDaemon(extraTOML: "[limits]\nmax_request_bytes = 1000")
        let started = Date()
        // Only the head: a daemon that waited for the body would answer nothing within the timeout.
        let answer = try Self.exchange(
            daemon.socket,
            "POST /v1/events HTTP/1.1\r\nHost: l\r\n\(expectsContinue ? "Expect: 100-continue\r\n" : "")Content-Length: 5000000\r\n\r\n",
            seconds: 5)
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(300))")
        #expect(!answer.contains("100 Continue"))
        #expect(answer.contains("body_too_large") && answer.contains("limits.max_request_bytes"), "\(answer.prefix(300))")
        #expect(Date().timeIntervalSince(started) < 4)
    }

    @Test func expectFromAnHTTP10ClientIsIgnored() throws {
        let daemon = try TestDaemon()
        let started = Date()
        let answer = try Self.exchange(
            daemon.socket,
            "POST /v1/events HTTP/1.0\r\nHost: l\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: \(Self.claim.count)\r\n\r\n",
            body: Self.claim)
        #expect(!answer.contains("100 Continue"), "\(answer.prefix(300))")
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(300))")
        // Answered and closed: HTTP/1.0 does not keep the connection unless asked to.
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(try daemon.head() == 1)
    }

    @Test(arguments: [("TRACE /v1/subjects", "GET"), ("DELETE /v1/events/x", "GET"), ("PUT /v1/events", "GET, POST")])
    func aMethodThePathDoesNotTakeIs405WithAllow(request: String, allowed: String) throws {
        let daemon = try TestDaemon()
        let response = try UnixHTTP.request(socket: daemon.socket, request)
        #expect(response.status == 405, "\(response.text)")
        #expect(response.headers["allow"] == allowed)
        #expect(response.errorCode == "method_not_allowed")
        #expect(try UnixHTTP.request(socket: daemon.socket, "GET /v1/nothing").status == 404)
    }
}
