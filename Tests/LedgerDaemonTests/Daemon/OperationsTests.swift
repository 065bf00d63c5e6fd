import Foundation
import Synchronization
import Testing

@Suite("Metrics, backup and restore", .serialized)
struct OperationsTests {
    static let python = Binaries.repository.appendingPathComponent("Tests/LedgerDaemonTests/Python").path

    @Test func metricsParseAndTheCountersMove() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let before = try daemon.metrics()
        #expect(before["ledger_events_appended_total"] == 16)
        #expect(before["ledger_head_seq"] == 16)
        for storage in ["log", "views"] {
            #expect((before["ledger_storage_allocated_bytes{storage=\(storage)}"] ?? 0) > 0)
            #expect((before["ledger_storage_used_bytes{storage=\(storage)}"] ?? 0) > 0)
            #expect((before["ledger_storage_readers_maximum{storage=\(storage)}"] ?? 0) > 0)
            #expect(
                (before["ledger_storage_used_bytes{storage=\(storage)}"] ?? 0)
                    <= (before["ledger_storage_allocated_bytes{storage=\(storage)}"] ?? 0))
        }
        #expect(before["ledger_append_requests_total{result=appended}"] == 1)

        _ = try daemon.ctl("append", "--subject", "m", "--predicate", "p", "--object", "1", "--source", "s")
        _ = try daemon.ctl("append", "--file", Seed.path)  // 16 duplicates: a request, no new events
        let refused = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: Array("{".utf8))
        #expect(refused.status == 400)
        _ = try daemon.ctl("belief", Seed.subject)
        let after = try daemon.metrics()
        #expect(after["ledger_events_appended_total"] == 17)
        #expect(after["ledger_head_seq"] == 17)
        #expect(after["ledger_append_requests_total{result=appended}"] == 3)
        #expect(after["ledger_append_requests_total{result=refused}"] == 1)
        #expect((after["ledger_commit_group_events_count"] ?? 0) >= 3)
        // Request latency by route, from Hummingbird's metrics middleware.
        let beliefLatency = after.filter {
            $0.key.hasPrefix("http_server_request_duration_count") && $0.key.contains("/v1/belief")
        }
        #expect(beliefLatency.values.reduce(0, +) >= 1, "\(after.keys.filter { $0.hasPrefix("http") }.sorted())")
    }

    @Test func aBackupTakenUnderLoadServesTheRootItPrinted() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let backupDirectory = daemon.directory + "/backup"
        let stop = StopFlag()
        let socket = daemon.socket
        let appender = Thread {
            var n = 0
            while !stop.isSet {
                let body = (0..<50).map {
                    #"{"type":"assert","id":"load-\#(n)-\#($0)","subject":"load:\#($0 % 7)","predicate":"n","object":\#(n),"source":"s"}"#
                }
                _ = try? UnixHTTP.request(
                    socket: socket, "POST /v1/events", body: Array(body.joined(separator: "\n").utf8),
                    headers: ["Content-Type": "application/x-ndjson"])
                n += 1
            }
        }
        appender.start()
        Thread.sleep(forTimeInterval: 0.3)
        let backup = try daemon.ctl("--json", "backup", backupDirectory)
        Thread.sleep(forTimeInterval: 0.3)
        stop.set()
        #expect(backup.status == 0, "\(backup.standardError)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(backup.standardOutput.utf8)) as? [String: Any])
        let size = try #require(printed["tree_size"] as? Int)
        let root = try #require(printed["root_hash"] as? String)
        #expect(size > 16, "the backup was taken while appends went on")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try daemon.head() > size, "appends went on after the backup")

        // The source, at the backup's size, has the root the backup printed; the copy serves that root.
        let sourceHead = try UnixHTTP.request(socket: daemon.socket, "GET /v1/audit/head?tree_size=\(size)")
        #expect(sourceHead.text.contains(root))
        let copy = try TestDaemon(extraTOML: "", start: false)
        try copy.start(arguments: ["--data-dir", backupDirectory])
        let copyHead =
            try JSONSerialization.jsonObject(with: Data(try copy.ctl("audit", "head").standardOutput.utf8)) as? [String: Any]
        #expect(copyHead?["tree_size"] as? Int == size)
        #expect(copyHead?["root_hash"] as? String == root)
        #expect(try copy.ctl("audit", "verify").status == 0)
        // The same key signs: the copy's checkpoints verify with the source's verifier key.
        let keyOf = { (daemon: TestDaemon) -> String? in
            (try? JSONSerialization.jsonObject(with: Data(try daemon.ctl("--json", "status").standardOutput.utf8))
                as? [String: Any])?["verifier_key"] as? String
        }
        #expect(keyOf(copy) == keyOf(daemon))
    }

    @Test func exportAndRestoreKeepEveryFieldAndTheRoot() throws {
        let source = try TestDaemon()
        _ = try source.ctl("append", "--file", Seed.path)
        _ = try source.ctl("retract", "deir-ezzor-2015:sfm-killed", "--reason", "a test of restore")
        let export = try source.ctl("replay")
        let exportFile = source.directory + "/dump.ndjson"
        try export.standardOutput.write(toFile: exportFile, atomically: true, encoding: .utf8)
        let sourceHead = try source.ctl("audit", "head").standardOutput

        let target = try TestDaemon()
        let restored = try target.ctl("restore", exportFile, "--batch-size", "5")  // in several requests
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(try target.ctl("replay").standardOutput == export.standardOutput, "every field, byte for byte")
        #expect(try target.ctl("audit", "head").standardOutput == sourceHead)
        #expect(try target.ctl("audit", "verify").status == 0)
        #expect(try target.ctl("--json", "belief", Seed.subject).standardOutput.contains("perpetrator"))

        // Only into an empty ledger: now that it has an event of its own, a restore is refused.
        _ = try target.ctl("append", "--subject", "x", "--predicate", "p", "--object", "1", "--source", "s")
        let again = try target.ctl("restore", exportFile)
        #expect(again.status == 1)
        #expect(again.standardError.contains("empty"), "\(again.standardError)")
        // Changed evidence, or bytes not in the stored form, are refused, naming the line; nothing is
        // written. (A change that keeps an event valid shows in the root, which the restore prints.)
        let other = try TestDaemon()
        let original = export.standardOutput.split(separator: "\n").map(String.init)
        for (change, expected) in [
            ("Three Syrian soldiers", "Four Syrian soldiers"), (#""predicate":"killed""#, #""predicate": "killed""#),
        ] {
            var lines = original
            lines[1] = lines[1].replacingOccurrences(of: change, with: expected)
            #expect(lines[1] != original[1])
            let tampered = other.directory + "/tampered.ndjson"
            try (lines.joined(separator: "\n") + "\n").write(toFile: tampered, atomically: true, encoding: .utf8)
            let refused = try other.ctl("restore", tampered)
            #expect(refused.status == 1)
            #expect(refused.standardError.contains("tampered.ndjson:2"), "\(refused.standardError)")
        }
        #expect(try other.head() == 0)
    }
}

/// A flag one thread sets and another reads.
final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}

@Suite("ledgerctl for people", .serialized)
struct LedgerctlPolishTests {
    @Test func csvImportRecordsWhatTheNDJSONExampleDoes() throws {
        let daemon = try TestDaemon()
        let csv = Binaries.repository.appendingPathComponent("examples/deir-ezzor-2015.csv").path
        let imported = try daemon.ctl("import", csv)
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("Recorded 16 new claims"))
        // The NDJSON example's events are then all duplicates: the same content, field for field.
        let appended = try daemon.ctl("--json", "append", "--file", Seed.path)
        #expect(appended.standardOutput.contains(#""appended":0"#), "\(appended.standardOutput)")
        #expect(appended.standardOutput.contains(#""duplicates":16"#))
    }

    @Test func csvImportMapsHeadersAndNamesBadRows() throws {
        let daemon = try TestDaemon()
        let file = daemon.directory + "/claims.csv"
        try """
        Outlet,Said on,What,Claim,Value,Comment
        SANA,2015-12-07,strike:x,killed,3,first report
        SOHR,2015-12-07,strike:x,killed,"{""min"":2}",a range
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let unknown = try daemon.ctl("import", file)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("\"Outlet\" is no field"))
        let mapped = try daemon.ctl(
            "import", file, "--map", "Outlet=source", "--map", "Said on=effective_at", "--map", "What=subject", "--map",
            "Claim=predicate",
            "--map", "Value=object", "--ignore", "Comment")
        #expect(mapped.status == 0, "\(mapped.standardError)")
        let belief = try daemon.ctl("--json", "belief", "strike:x")
        #expect(belief.standardOutput.contains(#""object":{"min":2}"#))
        #expect(belief.standardOutput.contains(#""affirmed_by":["SANA"]"#))

        try "source,subject,predicate,object,confidence\ns,x,p,1,very\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try daemon.ctl("import", file)
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("claims.csv:2: confidence must be a number"))
    }

    @Test func formatsTableJSONAndNDJSON() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let table = try daemon.ctl("subjects")
        #expect(table.standardOutput.contains(Seed.subject) && !table.standardOutput.contains("{"))
        let json = try daemon.ctl("subjects", "--format", "json")
        #expect(json.standardOutput.split(separator: "\n").count == 1 && json.standardOutput.hasPrefix(#"{"subjects":["#))
        let ndjson = try daemon.ctl("--format", "ndjson", "history", Seed.subject)
        let lines = ndjson.standardOutput.split(separator: "\n")
        let events =
            (try JSONSerialization.jsonObject(with: Data(try daemon.ctl("--json", "history", Seed.subject).standardOutput.utf8))
            as? [String: Any])?["events"] as? [Any]
        #expect(
            lines.count == 13 && events?.count == 13 && lines.allSatisfy { $0.hasPrefix(#"{"actor":"#) },
            "\(ndjson.standardOutput.prefix(300))")
        #expect(try daemon.ctl("subjects", "--format", "yaml").status == 2)
    }

    @Test func tablesFitTheTerminalAndColourFollowsNOCOLOR() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let narrow = try runProcess(
            Binaries.ledgerctl, ["--socket", daemon.socket, "belief", Seed.subject], environment: ["COLUMNS": "60"])
        #expect(narrow.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 60 }, "\(narrow.standardOutput)")
        #expect(narrow.standardOutput.contains("…"))
        // Not a terminal, so no colour codes; the status is in words either way.
        #expect(!narrow.standardOutput.contains("\u{1B}["))
        #expect(narrow.standardOutput.contains("CONTESTED"))
    }

    @Test func completionScriptsForBashZshAndFish() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try runProcess(Binaries.ledgerctl, ["--generate-completion-script", shell])
            #expect(script.status == 0, "\(shell): \(script.standardError)")
            #expect(
                script.standardOutput.contains("ledgerctl") && script.standardOutput.contains("tail")
                    && script.standardOutput.contains("backup"), "\(shell)")
        }
    }

    @Test func anAbsentDaemonIsNamedWithHowToStartIt() throws {
        let result = try runProcess(Binaries.ledgerctl, ["--socket", "/tmp/no-such-ledgerd.sock", "status"])
        #expect(result.status == 3)
        #expect(
            result.standardError.contains("/tmp/no-such-ledgerd.sock") && result.standardError.contains("Start it with `ledgerd`")
        )
    }
}

@Suite("The OpenAPI document", .serialized)
struct OpenAPITests {
    @Test func everyRoutesAnswersMatchTheDocument() throws {
        let daemon = try TestDaemon()
        let check = try runProcess(
            "/usr/bin/env",
            [
                "python3", OperationsTests.python + "/check_openapi.py", daemon.socket,
                Binaries.repository.appendingPathComponent("docs/openapi.yaml").path, Seed.path,
                daemon.directory + "/openapi-backup",
            ])
        #expect(check.status == 0, "\(check.standardOutput)\n\(check.standardError)")
        #expect(check.standardOutput.split(separator: "\n").count >= 45)
    }
}
