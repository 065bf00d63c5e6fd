import Foundation
import LedgerTestSupport
import Testing

/// The seed graded as docs/semantics.md illustrates it, through ledgerd and ledgerctl on both logs:
/// credibility, load-bearing claims, source standings, a receipt that carries the source facts, and
/// the `source` commands.
@Suite("Credibility through ledgerd")
struct CredibilityTests {
    static let official = "anonymous Pentagon official (Washington Post)"
    static let spokesman = "US-led coalition (Col. Steve Warren)"

    @Test(arguments: StorageBackend.allCases)
    func theGradedSeedGivesTheContractsFigures(backend: StorageBackend) throws {
        let daemon = try TestDaemon(backend: backend)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        #expect(try daemon.ctl("append", "--file", Seed.grades).status == 0)
        let answer = try UnixHTTP.request(
            socket: daemon.socket,
            "GET /v1/belief?subject=\(Seed.subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        let belief = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        let predicates = try #require(belief["predicates"] as? [[String: Any]])
        func credibility(_ predicate: String, _ object: String) -> Int? {
            let candidates = predicates.first { $0["predicate"] as? String == predicate }?["candidates"] as? [[String: Any]]
            let candidate = candidates?.first { value in
                (try? String(
                    decoding: JSONSerialization.data(withJSONObject: value["object"]!, options: .fragmentsAllowed), as: UTF8.self))
                    == object
            }
            return candidate?["credibility"] as? Int
        }
        #expect(credibility("perpetrator", #""Russia""#) == 4)
        #expect(credibility("perpetrator", #""US-led coalition""#) == 5)
        #expect(credibility("killed", "4") == 2 && credibility("killed", "3") == 5)
        #expect(credibility("wounded", "13") == 2)
        let perpetrator = predicates.first { $0["predicate"] as? String == "perpetrator" }
        #expect(
            perpetrator?["load_bearing"] as? [String] == [
                "deir-ezzor-2015:coalition-perpetrator", "deir-ezzor-2015:sfm-perpetrator",
            ])
        let sources = try #require(belief["sources"] as? [String: [String: String]])
        #expect(sources[Self.official] == ["reliability": "F", "group": Self.spokesman])
        #expect(sources[Self.spokesman] == ["reliability": "C", "group": Self.spokesman])
        #expect(sources["Syrian Observatory for Human Rights"]?["reliability"] == "B")

        // The table says the same in words, with each source's letter and the shared origin.
        let table = try daemon.ctl("belief", Seed.subject, "--predicate", "perpetrator").standardOutput
        #expect(table.contains("4 doubtful") && table.contains("5 improbable"), "\(table)")
        #expect(table.contains("Syrian Foreign Ministry [D]") && table.contains("load-bearing:"), "\(table)")
        #expect(table.contains("counted as one origin:"), "\(table)")

        // The receipt carries the source facts, and ledgerctl recomputes the graded answer from them.
        let path = daemon.directory + "/graded.json"
        #expect(try daemon.ctl("receipt", Seed.subject, "--out", path).status == 0)
        let receipt = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let events = try #require(receipt["events"] as? [[String: Any]])
        #expect(events.filter { ($0["subject"] as? String)?.hasPrefix("source:") == true }.count == 6)
        #expect(try daemon.ctl("verify-receipt", path).status == 0)

        // The report shows the same: credibility in words, letters by the sources, the grades in the timeline.
        let report = daemon.directory + "/graded.html"
        #expect(try daemon.ctl("report", Seed.subject, "--out", report).status == 0)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("5 improbable") && html.contains("Syrian Foreign Ministry [D]"))
        #expect(html.components(separatedBy: #"class="mark grade""#).count - 1 == 6, "four grades and two affiliations")
        #expect(html.contains("Counted as one origin: \(Self.spokesman); \(Self.official)"))
        #expect(try daemon.ctl("verify-receipt", report).status == 0)
    }

    /// A node following a shared log computes the same graded answer from its own views.
    @Test func aFollowerAnswersTheSameGradedBelief() throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let a = try SharedLogNodeTests.node(url)
        let b = try SharedLogNodeTests.node(url, keyFrom: a)
        #expect(try a.ctl("append", "--file", Seed.path).status == 0)
        #expect(try a.ctl("append", "--file", Seed.grades).status == 0)
        let ask = ["--json", "--min-head", "22", "belief", Seed.subject, "--at", "2016-01-01", "--as-of", "2100-01-01"]
        let here = try a.ctl(ask)
        let there = try b.ctl(ask)
        #expect(here.status == 0 && there.status == 0, "\(there.standardError)")
        #expect(there.standardOutput == here.standardOutput)
        #expect(there.standardOutput.contains(#""credibility":5"#) && there.standardOutput.contains(#""reliability":"D""#))
    }

    @Test func theSourceCommandsGradeAffiliateAndShow() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let observatory = "Syrian Observatory for Human Rights"
        #expect(try daemon.ctl("source", "grade", observatory, "B", "--by", "desk", "--reason", "held up").status == 0)
        #expect(try daemon.ctl("source", "part-of", observatory, "monitors", "--by", "desk").status == 0)
        let refused = try daemon.ctl("source", "grade", observatory, "G", "--by", "desk")
        #expect(refused.status == 2 && refused.standardError.contains("A, B, C, D, E and F"))
        let shown = try daemon.ctl("source", "show", observatory).standardOutput
        #expect(shown.contains("reliability: B (usually reliable)"), "\(shown)")
        #expect(shown.contains("part of: monitors") && shown.contains("says reliability = \"B\""), "\(shown)")
        #expect(shown.contains("affirms killed = 4"), "\(shown)")
        let json = try daemon.ctl("--json", "source", "show", observatory).standardOutput
        #expect(json.contains(#""reliability":"B""#) && json.contains(#""ancestors":["monitors"]"#), "\(json)")
        // Appended with a conduit and a basis, shown as stored.
        #expect(
            try daemon.ctl(
                "append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--via", "Post",
                "--via", "VICE News", "--basis", "told", "--id", "relayed"
            ).status == 0)
        let stored = try daemon.ctl("--json", "show", "relayed").standardOutput
        #expect(stored.contains(#""basis":"told""#) && stored.contains(#""via":["Post","VICE News"]"#), "\(stored)")
        #expect(
            try daemon.ctl("append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--basis", "guess")
                .status == 2)
    }
}
