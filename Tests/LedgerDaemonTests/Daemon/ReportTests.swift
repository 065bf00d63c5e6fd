import Foundation
import Testing

@Suite("HTML reports", .serialized)
struct ReportTests {
    static let python = Binaries.repository.appendingPathComponent("Tests/LedgerDaemonTests/Python").path
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    private func report(_ daemon: TestDaemon, _ arguments: String...) throws -> String {
        let file = daemon.directory + "/report-\(UUID().uuidString.prefix(6)).html"
        let result = try daemon.ctl(["report", Seed.subject, "--out", file] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    @Test func theSeedReportHoldsEverySourceCandidateStatusAndQuote() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let html = try report(daemon)
        let events = Seed.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["subject"] as? String == Seed.subject }
        #expect(events.count == 13)
        for event in events {
            #expect(html.contains(Self.escaped(event["source"] as! String)), "\(event["source"]!)")
            if let quote = (event["evidence"] as? [String: Any])?["quote"] as? String {
                #expect(html.contains(Self.escaped(quote)), "\(quote)")
            }
        }
        for candidate in ["&quot;Russia&quot;", "&quot;US-led coalition&quot;", ">3<", ">4<", ">13<"] {
            #expect(html.contains(candidate), "\(candidate)")
        }
        for status in ["status-contested\">contested", "status-settled\">settled"] { #expect(html.contains(status)) }
        #expect(html.components(separatedBy: "class=\"mark affirm claim\"").count - 1 == 12)
        #expect(html.components(separatedBy: "class=\"mark deny claim\"").count - 1 == 1)
        // Nothing is fetched: no script source, stylesheet, image, font or import; links are only citations.
        for fetch in ["src=", "<link", "@import", "url(", "<img", "<iframe"] { #expect(!html.contains(fetch), "\(fetch)") }
        #expect(!html.contains("<script>") && html.contains(#"<script type="application/json" id="ledger-receipt">"#))
    }

    @Test func anErasedClaimIsShownAsErasedWithItsReason() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        #expect(try daemon.ctl("erase", "deir-ezzor-2015:rbss-perpetrator", "--reason", "the source's safety").status == 0)
        _ = try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "the count was corrected")
        let html = try report(daemon)
        #expect(!html.contains("Russian airstrikes"))
        #expect(html.contains("Evidence erased") && html.contains("the source&#39;s safety"), "the erasure and its reason")
        #expect(html.contains("Retracted") && html.contains("the count was corrected"))
        #expect(html.contains("(evidence erased)"), "the timeline's tooltip says so too")
    }

    @Test func beforeTheCoalitionsDenialThePerpetratorIsSettled() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let html = try report(daemon, "--at", "2015-12-07T10:00:00Z")
        let row = try #require(html.range(of: "<td>perpetrator</td>").map { String(html[$0.upperBound...].prefix(120)) })
        #expect(row.contains("status-settled\">settled"), "\(row)")
        #expect(try report(daemon).contains("<td>perpetrator</td>\n<td><span class=\"status status-contested\">contested"))
    }

    @Test func ledgerTextIsEscapedAndTheEmbeddedReceiptStaysData() throws {
        let daemon = try TestDaemon()
        let hostile = #"</script><script>alert("x")</script> & <b>bold</b> 'quoted'"#
        #expect(
            try daemon.ctl(
                "append", "--subject", Seed.subject, "--predicate", "note<script>", "--object", hostile, "--source",
                "Source <i>&</i>",
                "--quote", hostile, "--citation", "javascript:alert(1)"
            ).status == 0)
        let html = try report(daemon)
        #expect(!html.contains("<script>alert"), "a quote must not become a script")
        #expect(!html.contains("<b>bold</b>") && !html.contains("<i>&</i>"))
        #expect(html.contains("&lt;/script&gt;&lt;script&gt;alert"))
        #expect(!html.contains("href=\"javascript:"), "only web addresses become links")
        // The embedded receipt ends at its own </script>: the one closing tag after it is the element's.
        let start = try #require(html.range(of: #"id="ledger-receipt">"#))
        let rest = html[start.upperBound...]
        #expect(rest.components(separatedBy: "</script>").count == 2)
        let file = daemon.directory + "/hostile.html"
        try html.write(toFile: file, atomically: true, encoding: .utf8)
        let verified = try daemon.ctl("verify-receipt", file)
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    @Test func verifyReceiptAcceptsTheReportAndRefusesAnAlteredOne() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let status =
            try JSONSerialization.jsonObject(with: Data(try daemon.ctl("--json", "status").standardOutput.utf8)) as? [String: Any]
        let key = try #require(status?["verifier_key"] as? String)
        let file = daemon.directory + "/report.html"
        #expect(try daemon.ctl("report", Seed.subject, "--out", file).status == 0)
        #expect(try daemon.ctl("verify-receipt", file, "--key", key).status == 0)
        let html = try String(contentsOfFile: file, encoding: .utf8)
        try html.replacingOccurrences(of: #""status":"contested""#, with: #""status":"settled""#)
            .write(toFile: file, atomically: true, encoding: .utf8)
        let altered = try daemon.ctl("verify-receipt", file, "--key", key)
        #expect(altered.status == 4 && altered.standardError.contains("does not follow"), "\(altered.standardError)")
    }

    @Test(.enabled(if: ReportTests.chromium != nil))
    func aHeadlessBrowserRendersTheTimelineWithOneMarkPerClaim() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        _ = try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "corrected")
        let file = daemon.directory + "/report.html"
        #expect(try daemon.ctl("report", Seed.subject, "--out", file).status == 0)
        let browser = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(daemon.directory)/chromium",
        ]
        let dom = try runProcess(Self.chromium!, browser + ["--dump-dom", "file://\(file)"])
        #expect(dom.status == 0, "\(dom.standardError.suffix(500))")
        #expect(dom.standardOutput.contains("<svg class=\"timeline\""))
        let claims =
            dom.standardOutput.components(separatedBy: "mark affirm claim").count - 1
            + dom.standardOutput.components(separatedBy: "mark deny claim").count - 1
        #expect(claims == 13, "one mark per claim")
        #expect(
            dom.standardOutput.components(separatedBy: "class=\"mark retraction\" d=").count - 1 == 1, "one mark per retraction")
        let shot = daemon.directory + "/report.png"
        let screenshot = try runProcess(
            Self.chromium!, browser + ["--window-size=1280,1600", "--screenshot=\(shot)", "file://\(file)"])
        #expect(screenshot.status == 0, "\(screenshot.standardError.suffix(500))")
        let measured = try runProcess("/usr/bin/env", ["python3", Self.python + "/check_screenshot.py", shot])
        let figures = try JSONSerialization.jsonObject(with: Data(measured.standardOutput.utf8)) as? [String: Any]
        #expect((figures?["colors"] as? Int ?? 0) > 50, "\(measured.standardOutput) \(measured.standardError)")
        #expect((figures?["non_white"] as? Double ?? 0) > 0.02, "the page is not blank: \(measured.standardOutput)")
    }

    /// HTML escaping as the template applies it, for the texts of the seed data set.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
