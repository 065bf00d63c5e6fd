import Foundation
import Testing

/// A claim whose object nests as deep as the rule allows is served back by every answer that embeds it
/// and read back by ledgerctl; one level deeper is refused on both decoding paths, naming `object`.
@Suite("Nesting depth through the daemon", .serialized)
struct NestingDepthEndToEndTests {
    static let maximum = 64

    static func nested(_ depth: Int) -> String {
        (0..<depth).reduce(#""leaf""#) { text, level in level % 2 == 0 ? "[\(text)]" : #"{"a":\#(text)}"# }
    }

    static func event(_ depth: Int, id: String) -> String {
        #"{"id":"\#(id)","type":"assert","subject":"deep","predicate":"p","object":\#(nested(depth)),"source":"x"}"#
    }

    @Test(arguments: [65, 100, 126, 127, 128, 129, 300])
    func aDeeperObjectIsRefusedOnBothPathsNamingTheField(depth: Int) throws {
        let daemon = try TestDaemon()
        let line = Self.event(depth, id: "too-deep")
        for (body, contentType) in [
            (line, "application/x-ndjson"), (#"{"events":[\#(line)]}"#, "application/json"),
        ] {
            let response = try UnixHTTP.request(
                socket: daemon.socket, "POST /v1/events", body: Array(body.utf8), headers: ["Content-Type": contentType])
            #expect(response.status == 400, "depth \(depth), \(contentType): \(response.text.prefix(300))")
            if depth < 250 { #expect(response.errorField == "object", "\(response.text.prefix(300))") }
        }
        #expect(try daemon.head() == 0)
    }

    @Test func theDeepestObjectAllowedComesBackFromEveryAnswer() throws {
        let daemon = try TestDaemon()
        let directory = daemon.directory
        let append = try daemon.ctl("append", "--file", "-", input: Data(Self.event(Self.maximum, id: "deepest").utf8))
        #expect(append.status == 0, "\(append.standardError)")
        for path in ["/v1/receipt?subject=deep", "/v1/history?subject=deep", "/v1/events/deepest", "/v1/belief?subject=deep"] {
            let response = try UnixHTTP.request(socket: daemon.socket, "GET \(path)")
            #expect(response.status == 200, "\(path): \(response.text.prefix(300))")
        }
        for arguments in [
            ["history", "deep"], ["show", "deepest"], ["belief", "deep"], ["--json", "history", "deep"],
            ["receipt", "deep", "--out", directory + "/deep.json"], ["report", "deep", "--out", directory + "/deep.html"],
            ["verify-receipt", directory + "/deep.json"], ["verify-receipt", directory + "/deep.html"], ["audit", "verify"],
        ] {
            let result = try daemon.ctl(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError.prefix(300))")
        }
        let shown = try daemon.ctl("--json", "show", "deepest")
        #expect(shown.standardOutput.contains(Self.nested(Self.maximum)))
    }
}
