import Foundation
import LedgerKit
import Testing

@Suite("Belief through ledgerd and ledgerctl", .serialized)
struct BeliefEndToEndTests {
    @Test func theSeedScenarioFromTheCommandLine() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)

        let table = try daemon.ctl("belief", Seed.subject).standardOutput
        #expect(table.contains("perpetrator: CONTESTED"))
        #expect(table.contains("killed: CONTESTED"))
        #expect(table.contains("wounded: SETTLED"))
        #expect(table.contains(#""US-led coalition"  4 doubtful  affirmed by  Syrian Foreign Ministry [F]"#), "\(table)")
        #expect(table.contains("denied by    US-led coalition (Col. Steve Warren) [F]"), "\(table)")

        let json = try daemon.ctl("--json", "belief", Seed.subject, "--predicate", "perpetrator", "--at", "2015-12-07T10:00:00Z")
        let belief = try JSONDecoder().decode(SubjectBelief.self, from: Data(json.standardOutput.utf8))
        #expect(belief.at.rfc3339 == "2015-12-07T10:00:00.000000Z")
        #expect(belief.predicates.map(\.status) == [.settled])

        let history = try daemon.ctl("history", Seed.subject).standardOutput
        #expect(history.hasPrefix("\(Seed.subject): 13 events"))
        #expect(history.contains("perpetrator: settled -> contested"))

        let claims = try daemon.ctl("claims", "--source", "Syrian Foreign Ministry").standardOutput
        #expect(claims.split(separator: "\n").count == 8)  // a header and seven claims

        let subjects = try daemon.ctl("subjects", "--prefix", "strike:").standardOutput
        #expect(subjects.contains("13      \(Seed.subject)"))

        let contested = try daemon.ctl("--json", "contested")
        let found = try JSONDecoder().decode(ContestedResponse.self, from: Data(contested.standardOutput.utf8))
        #expect(found.contested.map(\.predicate) == ["killed", "perpetrator"])

        let unknown = try daemon.ctl("belief", "strike:nowhere")
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("No claim is about the subject strike:nowhere"))
    }

    @Test func multiValuedPredicatesComeFromTheConfiguration() throws {
        let daemon = try TestDaemon(extraTOML: "[belief]\nmulti_valued = [\"participant\"]\n")
        for (object, source) in [("France", "a"), ("Russia", "b")] {
            #expect(
                try daemon.ctl(
                    "append", "--subject", "sky", "--predicate", "participant", "--object", object,
                    "--source", source
                ).status == 0)
        }
        #expect(try daemon.ctl("belief", "sky").standardOutput.contains("participant: SETTLED"))
    }

    @Test func rebuildingTheViewsChangesNoAnswer() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        _ = try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "r")
        let before = try daemon.ctl("--json", "belief", Seed.subject, "--at", "2030-01-01", "--as-of", "2030-01-01")
            .standardOutput
        daemon.stop()
        let rebuild = try runProcess(Binaries.ledgerd, ["--config", daemon.configurationFile, "--rebuild-views"])
        #expect(rebuild.status == 0)
        #expect(rebuild.standardError.contains("Rebuilt the views"))
        #expect(!rebuild.standardError.contains("differed"), "the views were already right: \(rebuild.standardError)")
        try daemon.start()
        let after = try daemon.ctl("--json", "belief", Seed.subject, "--at", "2030-01-01", "--as-of", "2030-01-01").standardOutput
        #expect(after == before)
    }
}
