import Foundation
import LedgerTestSupport
import Testing

/// Several real ledgerd nodes on one PostgreSQL log, on a private server the tests start.
@Suite("ledgerd nodes sharing a PostgreSQL log", .serialized)
struct SharedLogNodeTests {
    static let origin = "newsroom.example/ledger"

    /// A node on `url`; the first node of a ledger makes the key, the others get a copy of it.
    static func node(
        _ url: String, keyFrom first: TestDaemon? = nil, pollMilliseconds: Int = 1000, server: PostgreSQLServer? = nil,
        start: Bool = true
    )
        throws -> TestDaemon
    {
        let node = try TestDaemon(
            extraTOML: "[audit]\norigin = \"\(origin)\"", sharedURL: url,
            postgreSQLSettings: "read_wait_ms = 3000\npoll_ms = \(pollMilliseconds)", server: server, start: false)
        if let first {
            try FileManager.default.createDirectory(atPath: node.dataDirectory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: first.dataDirectory + "/checkpoint.key", toPath: node.dataDirectory + "/checkpoint.key")
        }
        if start { try node.start() }
        return node
    }

    static func claim(_ id: String, subject: String, object: Int, source: String) -> [UInt8] {
        Array(
            #"{"events":[{"type":"assert","id":"\#(id)","subject":"\#(subject)","predicate":"killed","object":\#(object),"source":"\#(source)"}]}"#
                .utf8)
    }

    static func head(of response: UnixHTTP.Response) -> Int? {
        let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return json?["head"] as? Int
    }

    @Test func twoNodesAppendInOneOrderAndAnswerAlike() throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let a = try Self.node(url)
        let b = try Self.node(url, keyFrom: a)
        let nodes = [a, b]
        let sockets = nodes.map(\.socket)
        let failures = LockedIDs()
        let writers = (0..<4).map { writer in
            Thread {
                for n in 0..<25 {
                    let answer = try? UnixHTTP.request(
                        socket: sockets[(writer + n) % 2], "POST /v1/events",
                        body: Self.claim("w\(writer)-\(n)", subject: "strike:\(n % 3)", object: writer, source: "s\(writer)"))
                    failures.add(answer?.status == 200 ? "ok" : "failed \(answer?.status ?? 0) \(answer?.text ?? "")")
                }
                failures.add("done")
            }
        }
        for writer in writers { writer.start() }
        while failures.all.filter({ $0 == "done" }).count < 4 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(failures.all.filter { $0.hasPrefix("failed") } == [])
        // Read your writes on the other node: min_head waits for it to follow.
        let last = try UnixHTTP.request(
            socket: a.socket, "POST /v1/events", body: Self.claim("last", subject: "strike:0", object: 9, source: "late"))
        let head = try #require(Self.head(of: last))
        #expect(head == 101)
        // The same belief as of the same instant on both nodes.
        let at = "2030-01-01T00:00:00Z"
        let beliefs = try nodes.map { node in
            try UnixHTTP.request(socket: node.socket, "GET /v1/belief?subject=strike:0&at=\(at)&as_of=\(at)&min_head=\(head)")
                .text
        }
        #expect(beliefs[0] == beliefs[1])
        #expect(beliefs[1].contains("late"))
        let roots = try nodes.map { try UnixHTTP.request(socket: $0.socket, "GET /v1/audit/head?min_head=\(head)").text }
        #expect(roots[0] == roots[1])
        #expect(roots[0].contains("\"tree_size\":101"))
        // Every seq once, every acknowledged id once, and the audit passes on either node.
        let replay = try b.ctl("replay")
        #expect(replay.standardOutput.split(separator: "\n").count == 101)
        for node in nodes { #expect(try node.ctl("audit", "verify").status == 0) }
        // ledgerctl --min-head reads through the flag.
        #expect(try b.ctl("--min-head", "\(head)", "belief", "strike:0").status == 0)
    }

    @Test func anAppendOnOneNodeWakesTheOtherWithoutWaitingForItsPoll() throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let a = try Self.node(url, pollMilliseconds: 600_000)
        let b = try Self.node(url, keyFrom: a, pollMilliseconds: 600_000)
        // b listens from its first poll on; give it a moment to connect its listener.
        Thread.sleep(forTimeInterval: 0.5)
        for n in 1...3 {
            let answer = try UnixHTTP.request(
                socket: a.socket, "POST /v1/events", body: Self.claim("n\(n)", subject: "strike:1", object: n, source: "s"))
            #expect(answer.status == 200)
            // No min_head: b answers from its views, which a notification brought up to date.
            let deadline = Date().addingTimeInterval(5)
            while try b.head() < n, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            #expect(try b.head() == n, "b did not follow a's append \(n) without polling")
        }
        // And an idle node waits for the next notification: it does not spin.
        let pid = try #require(b.process?.processIdentifier)
        let before = try Self.cpuSeconds(pid)
        Thread.sleep(forTimeInterval: 2)
        #expect(try Self.cpuSeconds(pid) - before < 0.3, "an idle node used the CPU")
    }

    /// User and system CPU time of process `pid`, from `/proc/PID/stat`.
    static func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.range(of: ") ")!.upperBound...].split(separator: " ")
        return (Double(fields[11])! + Double(fields[12])!) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test func aReadAheadOfTheNodeWaitsThenAnswersBehind() throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let a = try Self.node(url)
        let ahead = try UnixHTTP.request(socket: a.socket, "GET /v1/status?min_head=50")
        #expect(ahead.status == 503)
        #expect(ahead.text.contains("\"code\":\"behind\""))
        let bad = try UnixHTTP.request(socket: a.socket, "GET /v1/status?min_head=-1")
        #expect(bad.status == 400)
    }

    @Test func aNodeWithAnotherKeyRefusesToStart() throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let a = try Self.node(url)
        let stranger = try Self.node(url, start: false)
        #expect(throws: TestDaemonError.self) { try stranger.start() }
        #expect(stranger.log.contains("copy checkpoint.key"))
        #expect(stranger.exitStatus != 0)
        withExtendedLifetime(a) {}
    }

    @Test func anUnreachableServerAtStartIsNamedAndFatal() throws {
        let node = try TestDaemon(
            extraTOML: """
                [storage]
                backend = "postgresql"
                [postgresql]
                url = "postgresql://ledger@/nowhere?host=/tmp/no-such-postgresql"
                """, start: false)
        #expect(throws: TestDaemonError.self) { try node.start() }
        #expect(node.log.contains("/tmp/no-such-postgresql"))
        #expect(node.exitStatus == 1)
    }

    @Test func appendsAnswer503WhilePostgreSQLIsDownAndResumeAfter() throws {
        // A server of its own: the shared one serves the other suites' PostgreSQL cases meanwhile.
        let server = try PostgreSQLServer.start(durable: false)
        defer { try? server.stop() }
        let url = try server.createDatabase()
        let a = try Self.node(url)
        #expect(
            try UnixHTTP.request(
                socket: a.socket, "POST /v1/events", body: Self.claim("before", subject: "s", object: 1, source: "x")
            )
            .status == 200)
        try server.stop()
        let during = try UnixHTTP.request(
            socket: a.socket, "POST /v1/events", body: Self.claim("during", subject: "s", object: 2, source: "x"))
        #expect(during.status == 503)
        #expect(during.text.contains("\"code\":\"storage_unavailable\""))
        // Reads go on from the node's views.
        #expect(try UnixHTTP.request(socket: a.socket, "GET /v1/belief?subject=s").status == 200)
        try server.start()
        let after = try UnixHTTP.request(
            socket: a.socket, "POST /v1/events", body: Self.claim("during", subject: "s", object: 2, source: "x"))
        #expect(after.status == 200)
        #expect(Self.head(of: after) == 2)
        #expect(try a.ctl("audit", "verify").status == 0)
    }

    @Test func aNodeKilledUnderLoadLosesNothingItAcknowledged() throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let a = try Self.node(url)
        let acknowledged = LockedIDs()
        let socket = a.socket
        let writer = Thread {
            for n in 0..<2_000 {
                guard
                    let answer = try? UnixHTTP.request(
                        socket: socket, "POST /v1/events", body: Self.claim("k\(n)", subject: "s\(n % 7)", object: n, source: "x")
                    )
                else { break }
                if answer.status == 200 { acknowledged.add("k\(n)") }
            }
            acknowledged.add("done")
        }
        writer.start()
        Thread.sleep(forTimeInterval: 1.0)
        a.stop(signal: SIGKILL)
        while !acknowledged.all.contains("done") { Thread.sleep(forTimeInterval: 0.05) }
        try a.start()
        let stored = try a.ctl("replay").standardOutput.split(separator: "\n").map(String.init)
        let ids = stored.compactMap { line -> String? in
            let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return json?["id"] as? String
        }
        let wanted = acknowledged.all.filter { $0 != "done" }
        #expect(!wanted.isEmpty)
        #expect(Set(wanted).isSubset(of: Set(ids)))
        #expect(Set(ids).count == ids.count)
        #expect(try a.ctl("audit", "verify").status == 0)
    }

    @Test func anErasedQuoteIsGoneFromTheTableAfterACompaction() throws {
        let server = try PostgreSQLServer.forCompaction()
        let url = try server.createDatabase()
        let a = try Self.node(url, server: server)
        let quote = "the-source-must-not-be-named-\(UUID().uuidString)"
        let appended = try a.ctl(
            "append", "--id", "q1", "--subject", "strike:deir-ezzor", "--predicate", "killed", "--object", "3", "--source",
            "activist", "--quote", quote)
        #expect(appended.status == 0)
        #expect(try a.ctl("erase", "q1", "--reason", "the source's safety").status == 0)
        #expect(!(try a.ctl("replay").standardOutput.contains(quote)))
        // The database's files, flushed: the erased row version is still in them until the compaction.
        #expect(try !a.storageFiles(holding: quote).isEmpty)
        // A session whose snapshot is older than the compaction would keep the old row version: refused, named.
        let sleeperPID = try Self.running("SELECT pg_sleep(60)", in: url, on: server, where: "state = 'active'")
        #expect(!sleeperPID.isEmpty)
        let held = try a.ctl("compact")
        #expect(held.status == 1, "\(held.standardError)")
        #expect(held.standardError.contains("snapshots older than this compaction") && held.standardError.contains(sleeperPID))
        try server.execute("SELECT pg_cancel_backend(\(sleeperPID))", in: url)
        #expect(try a.ctl("compact").status == 0)
        // VACUUM FULL rewrote the table without it (WAL and backups still may hold it: see docs/postgresql.md).
        #expect(try a.storageFiles(holding: quote) == [])
        #expect(try a.ctl("audit", "verify").status == 0)
    }

    /// A transaction in any database of the server that began before the erasure holds back the
    /// rewrite's own snapshot, so `VACUUM FULL` would copy the erased row version: the compaction waits
    /// for it to end. (It is short, so that compactions of other tests on the server wait less than
    /// their bound.)
    @Test func aTransactionInAnotherDatabaseHoldsTheCompactionBack() throws {
        let server = try PostgreSQLServer.forCompaction()
        let url = try server.createDatabase()
        let elsewhere = try server.createDatabase()
        let a = try Self.node(url, server: server)
        let quote = "the-source-must-not-be-named-\(UUID().uuidString)"
        let statement = "SELECT pg_current_xact_id(), pg_sleep(6) -- \(quote.suffix(8))"
        let holderPID = try Self.running(statement, in: elsewhere, on: server, where: "backend_xid IS NOT NULL")
        #expect(!holderPID.isEmpty)
        #expect(
            try a.ctl(
                "append", "--id", "q1", "--subject", "s", "--predicate", "p", "--object", "3", "--source", "x", "--quote", quote
            ).status == 0)
        #expect(try a.ctl("erase", "q1", "--reason", "the source's safety").status == 0)
        let running = try server.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = \(holderPID)", in: elsewhere)
        #expect(running == "1", "the other transaction ended before the compaction began: the test shows nothing")
        let compact = try a.ctl("compact")
        #expect(compact.status == 0, "\(compact.standardError)")
        #expect(try a.storageFiles(holding: quote) == [])
    }

    /// Runs `statement` through psql on a thread of its own and returns its backend's pid once
    /// `pg_stat_activity` shows it meeting `condition` (empty if it never does within 10 s).
    static func running(
        _ statement: String, in url: String, on server: PostgreSQLServer, where condition: String
    ) throws
        -> String
    {
        Thread { _ = try? server.execute(statement, in: url) }.start()
        var pid = ""
        for _ in 0..<200 where pid.isEmpty {
            pid = try server.execute(
                "SELECT pid FROM pg_stat_activity WHERE query = '\(statement)' AND \(condition)", in: url)
            if pid.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        }
        return pid
    }

    @Test func anExportOfAnEmbeddedLedgerRestoresIntoAPostgreSQLOneWithTheSameRoot() throws {
        let embedded = try TestDaemon()
        #expect(try embedded.ctl("append", "--file", Seed.path).status == 0)
        let export = try embedded.ctl("replay").standardOutput
        let shared = try Self.node(try PostgreSQLServer.shared().createDatabase())
        let restored = try shared.ctl(["restore", "-"], input: Data(export.utf8))
        #expect(restored.status == 0)
        let root = { (node: TestDaemon) throws -> String in try UnixHTTP.request(socket: node.socket, "GET /v1/audit/head").text }
        #expect(try root(shared) == root(embedded))
        #expect(try shared.ctl("replay").standardOutput == export)
    }
}
