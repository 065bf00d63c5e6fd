import Foundation
import Testing

/// Hostile but legal input, as a careful user or an attacker with append rights would send it: times at
/// the edges, strings that Unicode calls equivalent, broken HTTP. Each answer is the documented one and
/// nothing of a refused request is written.
@Suite("Hostile input through the socket", .serialized)
struct HostileInputTests {
    static func claim(_ fields: String) -> [UInt8] {
        Array(#"{"events":[{"type":"assert","predicate":"p","object":1,"source":"s",\#(fields)}]}"#.utf8)
    }

    @Test func aTimeOutsideTheYearsIsRefusedAndAppendsGoOnAfterARestart() throws {
        let daemon = try TestDaemon()
        for time in ["0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-01:00", "2015-12-07T18:30:00.123456789Z"] {
            let response = try UnixHTTP.request(
                socket: daemon.socket, "POST /v1/events", body: Self.claim(#""subject":"x","effective_at":"\#(time)""#))
            #expect(response.status == 400, "\(time): \(response.text)")
            #expect(response.errorCode == "invalid_value")
            #expect(response.errorField == "effective_at")
        }
        #expect(try daemon.head() == 0)
        let edges = ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2015-12-07T18:30:00.000000000Z"]
        for (index, time) in edges.enumerated() {
            let response = try UnixHTTP.request(
                socket: daemon.socket, "POST /v1/events",
                body: Self.claim(#""id":"edge\#(index)","subject":"x","effective_at":"\#(time)""#))
            #expect(response.status == 200, "\(time): \(response.text)")
        }
        daemon.stop()
        try daemon.start()
        let after = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: Self.claim(#""subject":"y""#))
        #expect(after.status == 200, "\(after.text)")
        #expect(try daemon.head() == 4)
        // The stored times read back as written, and a replay restores (every time parses again).
        let stored = try UnixHTTP.request(socket: daemon.socket, "GET /v1/events/edge2")
        #expect(stored.text.contains(#""effective_at":"2015-12-07T18:30:00.000000Z""#))
        #expect(try daemon.ctl("audit", "verify").status == 0)
        let replay = try daemon.ctl("replay")
        let restored = try TestDaemon()
        #expect(try restored.ctl("restore", "-", input: Data(replay.standardOutput.utf8)).status == 0)
        #expect(try restored.head() == 4)
    }

    @Test(arguments: [
        "GET /v1/belief?subject=x&at=0000-01-01T00:00:00%2B00:01",
        "GET /v1/belief?subject=x&as_of=9999-12-31T23:59:59-01:00",
        "GET /v1/history?subject=x&valid_from=10000-01-01",
        "GET /v1/history?subject=x&recorded_to=2015-12-07T00:00:00.0000001Z",
        "GET /v1/contested?at=-001-01-01",
        "GET /v1/receipt?subject=x&at=9999-12-31T23:59:59-00:01",
    ])
    func aQueryTimeOutsideTheYearsIsA400NamingIt(request: String) throws {
        let daemon = try TestDaemon()
        _ = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: Self.claim(#""subject":"x""#))
        let response = try UnixHTTP.request(socket: daemon.socket, request)
        #expect(response.status == 400, "\(response.text)")
        #expect(response.errorCode == "bad_request")
        let query = request.split(separator: "?")[1]
        let name = String(query.split(separator: "&").last!.split(separator: "=").first!)
        #expect(response.text.contains(name), "\(response.text)")
    }

    @Test func ledgerctlRefusesATimeItCannotKeep() throws {
        let daemon = try TestDaemon()
        let result = try daemon.ctl("belief", "x", "--at", "0000-01-01T00:00:00+00:01")
        #expect(result.status == 2)
        #expect(result.standardError.contains("--at"))
    }

    @Test func brokenBodiesAreRefusedWithTheErrorShapeAndCountedAsRefused() throws {
        let daemon = try TestDaemon()
        let body = Self.claim(#""subject":"x""#)
        let raw: [[UInt8]] = [
            Array("POST /v1/events HTTP/1.1\r\nHost: l\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body.prefix(20),
            Array("POST /v1/events HTTP/1.1\r\nHost: l\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8) + body
                + Array("\r\n0\r\n\r\n".utf8),
            Array(
                "POST /v1/events HTTP/1.1\r\nHost: l\r\nTransfer-Encoding: chunked\r\n\r\n\(String(body.count, radix: 16))\r\n"
                    .utf8)
                + body.prefix(10),
            Array("GARBAGE\r\n\r\n".utf8),
            Array("GET /v1/status HTTP/1.1\r\nHost: l\r\nBad Header Without Colon\r\n\r\n".utf8),
        ]
        for bytes in raw {
            let connection = try UnixHTTP.Connection(path: daemon.socket, timeoutSeconds: 5)
            try connection.send(bytes)
            connection.finishSending()
            let response = try UnixHTTP.parse(try connection.readToEnd())
            #expect(response.status == 400, "\(String(decoding: bytes, as: UTF8.self)): \(response.text)")
            #expect(response.errorCode == "bad_request", "\(response.text)")
            #expect(response.headers["content-type"] == "application/json")
        }
        #expect(try daemon.head() == 0)
        let metrics = try daemon.metrics()
        #expect(metrics["ledger_append_requests_total{result=refused}"] == 3)
        #expect((metrics["ledger_append_requests_total{result=failed}"] ?? 0) == 0)
        #expect(!daemon.stop().contains("error"), "a client's mistake was logged as the daemon's failure")
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let daemon = try TestDaemon()
        let body = Self.claim(#""subject":"x""#)
        let connection = try UnixHTTP.Connection(path: daemon.socket, timeoutSeconds: 2)
        try connection.send(
            Array(
                "POST /v1/events HTTP/1.1\r\nHost: l\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: \(body.count)\r\n\r\n"
                    .utf8))
        var interim = [UInt8](repeating: 0, count: 64)
        let count = interim.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
        #expect(
            count > 0 && String(decoding: interim[..<max(count, 0)], as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"))
        try connection.send(body)
        let response = try UnixHTTP.parse(try connection.readToEnd())
        #expect(response.status == 200, "\(response.text)")
    }

    @Test func pathsAndQueriesAreDecodedAsClientsEncodeThem() throws {
        let daemon = try TestDaemon()
        let append = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events",
            body: Array(
                #"{"events":[{"id":"deir:ezzor.1","type":"assert","subject":"a b+c","predicate":"p","object":1,"source":"Syrian Foreign Ministry"}]}"#
                    .utf8))
        #expect(append.status == 200, "\(append.text)")
        #expect(try UnixHTTP.request(socket: daemon.socket, "GET /v1/events/deir%3Aezzor.1").status == 200)
        let claims = try UnixHTTP.request(socket: daemon.socket, "GET /v1/claims?source=Syrian+Foreign+Ministry")
        #expect(claims.text.contains(#""id":"deir:ezzor.1""#), "\(claims.text)")
        // `+` is a space; a literal plus is %2B.
        #expect(try UnixHTTP.request(socket: daemon.socket, "GET /v1/belief?subject=a+b%2Bc").status == 200)
        #expect(try UnixHTTP.request(socket: daemon.socket, "GET /v1/belief?subject=a%20b%2bc").status == 200)
        #expect(try UnixHTTP.request(socket: daemon.socket, "GET /v1/belief?subject=a+b+c").status == 404)
        for broken in ["GET /v1/belief?subject=%zz", "GET /v1/belief?subject=%C3", "GET /v1/belief?subject=a&subject=b"] {
            let response = try UnixHTTP.request(socket: daemon.socket, broken)
            #expect(response.status == 400, "\(broken): \(response.text)")
        }
    }

    /// NFC and NFD spellings of one name are two names everywhere: in belief, history, claims by source,
    /// idempotency, member names, receipts and every paged route.
    @Test func equivalentButDifferentStringsStayApartThroughEveryRoute() throws {
        let daemon = try TestDaemon()
        let (nfc, nfd) = ("Jos\u{E9}", "Jose\u{301}")
        var lines: [String] = []
        for (index, subject) in ["caf\u{E9}", "cafe\u{301}", "apple", "banana", "cherry", "damson"].enumerated() {
            lines.append(
                #"{"id":"a\#(index)","type":"assert","subject":"\#(subject)","predicate":"p","object":{"\u00e9":1,"e\u0301":2},"source":"\#(nfd)"}"#
            )
            lines.append(
                #"{"id":"d\#(index)","type":"assert","subject":"\#(subject)","predicate":"p","object":{"\u00e9":1,"e\u0301":2},"source":"\#(nfc)","polarity":"deny","evidence":{"quote":"\#(nfd)"}}"#
            )
        }
        let append = try daemon.ctl(["append", "--file", "-"], input: Data(lines.joined(separator: "\n").utf8))
        #expect(append.status == 0, "\(append.standardError)")

        let belief = try UnixHTTP.request(socket: daemon.socket, "GET /v1/belief?subject=caf%C3%A9")
        #expect(belief.text.contains(#""status":"contested""#), "\(belief.text)")
        #expect(belief.text.contains("\"affirmed_by\":[\"\(nfd)\"]") && belief.text.contains("\"denied_by\":[\"\(nfc)\"]"))
        #expect(belief.text.contains("{\"e\u{301}\":2,\"\u{E9}\":1}"), "\(belief.text)")

        // Re-sending an id with an equivalent subject is a conflict, not a duplicate.
        let resend = lines[0].replacingOccurrences(of: "caf\u{E9}", with: "cafe\u{301}")
        let conflict = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events", body: Array(resend.utf8), headers: ["Content-Type": "application/x-ndjson"])
        #expect(conflict.status == 409 && conflict.errorCode == "id_conflict", "\(conflict.text)")

        var subjects: [String] = []
        var after = ""
        for _ in 0..<10 {
            let page = try UnixHTTP.request(socket: daemon.socket, "GET /v1/subjects?limit=4\(after)")
            let json = try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any]
            subjects += (json?["subjects"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
            guard let next = json?["next_after"] as? String else { break }
            after = "&after=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }
        #expect(subjects.count == 6, "\(subjects)")

        var contested: [String] = []
        after = ""
        for _ in 0..<10 {
            let page = try UnixHTTP.request(socket: daemon.socket, "GET /v1/contested?limit=3\(after)")
            let json = try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any]
            contested += (json?["contested"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
            guard let next = json?["next_after"] as? String else { break }
            after = "&after=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }
        #expect(contested.count == 6, "every contested subject is listed once: \(contested)")

        for (source, polarity) in [(nfc, "deny"), (nfd, "affirm")] {
            let encoded = source.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let claims = try UnixHTTP.request(socket: daemon.socket, "GET /v1/claims?source=\(encoded)&limit=4")
            let json = try JSONSerialization.jsonObject(with: Data(claims.body)) as? [String: Any]
            let listed = json?["claims"] as? [[String: Any]] ?? []
            #expect(listed.count == 4 && json?["next_after"] != nil, "\(claims.text)")
            #expect(listed.allSatisfy { $0["polarity"] as? String == polarity })
        }

        let history = try UnixHTTP.request(socket: daemon.socket, "GET /v1/history?subject=cafe%CC%81")
        #expect(history.text.components(separatedBy: #""seq""#).count - 1 == 2, "\(history.text)")

        let receipt = daemon.directory + "/receipt.json"
        #expect(try daemon.ctl("receipt", "cafe\u{301}", "--out", receipt).status == 0)
        let verified = try daemon.ctl("verify-receipt", receipt)
        #expect(verified.status == 0, "\(verified.standardError)")
    }
}
