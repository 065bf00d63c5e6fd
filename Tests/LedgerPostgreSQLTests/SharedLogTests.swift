import Foundation
import LedgerPostgreSQL
import LedgerTestSupport
import Logging
import Synchronization
import Testing

@testable import LedgerKit

/// Several nodes (each a store with its own views) on one PostgreSQL log, on a private server.
@Suite("The event log on PostgreSQL")
struct SharedLogTests {
    static let origin = "newsroom.example/ledger"
    static let key = "newsroom.example/ledger+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    /// A node: a ledger on the shared log at `url`, its views in a directory of its own.
    func node(_ url: String, key: String = key) async throws -> TestNode {
        let directory = NSTemporaryDirectory() + "ledger-node-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try await TestNode.shared(url: url, directory: directory, origin: Self.origin, verifierKey: key)
    }

    func claim(_ id: String, subject: String, object: Int, source: String, stance: String = "affirm") throws -> EventDraft {
        try EventDecoder.drafts(from: [
            JSONParser.parse(
                #"{"type":"assert","id":"\#(id)","subject":"\#(subject)","predicate":"killed","object":\#(object),"source":"\#(source)","polarity":"\#(stance)"}"#
            )
        ])[0]
    }

    @Test func nodesAppendingAtOnceGetOneGaplessOrderAndTheSameBelief() async throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        var opened: [TestNode] = []
        for _ in 0..<3 { opened.append(try await node(url)) }
        let nodes = opened
        let perNode = 40
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: nodes.count) { n in
            for i in 0..<perNode {
                do {
                    _ = try nodes[n].ledger.append(
                        [try claim("n\(n)-\(i)", subject: "strike:\(i % 5)", object: n, source: "source-\(n)")], actor: "desk")
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        for node in nodes { try await node.ledger.catchUpViews() }
        let total = UInt64(nodes.count * perNode)
        for node in nodes { #expect(try node.ledger.head() == total) }
        // Dense: every seq from 1 to the head holds an event, each id once.
        var ids: [String] = []
        var next: UInt64 = 1
        while true {
            let page = try await nodes[0].ledger.log.events(in: next...total + 10, limit: 1_000)
            guard let last = page.lastSeq else { break }
            for entry in page.entries {
                ids.append(try page.stored(entry).withUnsafeBytes { try EventDecoder.storedEvent(from: $0).id })
            }
            next = last + 1
        }
        #expect(ids.count == Int(total))
        #expect(Set(ids).count == Int(total))
        let digests = try nodes.map { try $0.ledger.viewsDigest() }
        #expect(Set(digests).count == 1)
        let beliefs = try nodes.map { node in
            try #require(try node.queries.belief(subject: "strike:0", predicate: nil, horizon: .latest)).jsonBytes
        }
        #expect(Set(beliefs).count == 1)
    }

    @Test func anIdAppendedOnOneNodeIsADuplicateOrAConflictOnAnother() async throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let first = try await node(url)
        let second = try await node(url)
        _ = try first.ledger.append(
            [try claim("sohr-killed", subject: "strike:deir-ezzor", object: 4, source: "SOHR")], actor: "desk")
        let again = try second.ledger.append(
            [try claim("sohr-killed", subject: "strike:deir-ezzor", object: 4, source: "SOHR")], actor: "desk")
        #expect(again.events.map(\.isDuplicate) == [true])
        #expect(again.events.map(\.seq) == [1])
        #expect(throws: LedgerError.self) {
            try second.ledger.append(
                [try claim("sohr-killed", subject: "strike:deir-ezzor", object: 5, source: "SOHR")], actor: "desk")
        }
        #expect(try second.ledger.head() == 1)
        #expect(try await first.ledger.log.head().seq == 1)
    }

    @Test func aNewNodeBuildsItsViewsFromTheLog() async throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let first = try await node(url)
        for i in 0..<25 {
            _ = try first.ledger.append(
                [try claim("c\(i)", subject: "strike:\(i % 3)", object: i, source: "s\(i % 4)")], actor: "desk")
        }
        let late = try await node(url)
        #expect(try late.ledger.head() == 25)
        #expect(try late.ledger.viewsDigest() == first.ledger.viewsDigest())
    }

    @Test func aDatabaseOfAnotherLedgerOrKeyIsRefused() async throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        _ = try await node(url)
        let otherKey = "newsroom.example/ledger+11111111+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB"
        let error = await #expect(throws: LedgerError.self) { _ = try await node(url, key: otherKey) }
        #expect(error?.message.contains("copy checkpoint.key") == true)
        let elsewhere = await #expect(throws: LedgerError.self) {
            _ = try await PostgreSQLEventLog.open(
                url: try PostgreSQLURL(url), origin: "other.example/ledger", verifierKey: Self.key, logger: Logger(label: "test"))
        }
        #expect(elsewhere?.message.contains("holds the ledger newsroom.example/ledger") == true)
    }

    @Test func anUnreachableServerIsStorageUnavailable() async throws {
        let error = await #expect(throws: LedgerError.self) {
            _ = try await PostgreSQLEventLog.open(
                url: try PostgreSQLURL("postgresql://ledger@/nowhere?host=/tmp/no-such-postgresql"), origin: Self.origin,
                verifierKey: Self.key, logger: Logger(label: "test"))
        }
        #expect(error?.code == .storageUnavailable)
        #expect(error?.message.contains("/tmp/no-such-postgresql") == true)
    }

    @Test func urlsReadAsLibpqWritesThem() throws {
        let socket = try PostgreSQLURL("postgresql://ledger@/newsroom?host=/run/postgresql")
        #expect(socket.host == "/run/postgresql")
        #expect(socket.database == "newsroom")
        #expect(socket.user == "ledger")
        #expect(socket.port == 5432)
        let tcp = try PostgreSQLURL("postgres://ann:s%40cret@db.example:6543/ledger")
        #expect(tcp.host == "db.example")
        #expect(tcp.port == 6543)
        #expect(tcp.password == "s@cret")
        #expect(!tcp.description.contains("s@cret"))
        for bad in ["mysql://x@/y", "postgresql://x@host", "postgresql://@/db", "postgresql://x@h:99999/db"] {
            #expect(throws: PostgreSQLURLError.self) { _ = try PostgreSQLURL(bad) }
        }
        #expect(try PostgreSQLURL("postgresql://a@h/db?sslmode=require").requiresTLS)
        #expect(try !PostgreSQLURL("postgresql://a@h/db?sslmode=disable").requiresTLS)
    }

    /// A typo in a parameter never quietly means something else: no TLS, say.
    @Test(arguments: [
        ("postgresql://a@h/db?sslmode=requre", "sslmode=disable, or require"),
        ("postgresql://a@h/db?sslmode=prefer", "its sslmode is prefer"),
        ("postgresql://a@h/db?sslmod=require", "the parameters it takes are host, password, port, sslmode, user"),
        ("postgresql://a@h/db?connect_timeout=3", "connect_timeout"),
        ("postgresql://a@h/db?port=1&port=2", "twice"),
    ])
    func anUnknownOrMisspelledParameterIsRefused(url: String, says: String) async throws {
        let error = try #require(throws: PostgreSQLURLError.self) { _ = try PostgreSQLURL(url) }
        #expect(error.description.contains(says), "\(error)")
    }

    @Test func equivalentButDifferentStringsAndEdgeTimesKeepTheirBytesAcrossNodes() async throws {
        let url = try PostgreSQLServer.shared().createDatabase()
        let first = try await node(url)
        let second = try await node(url)
        // "José" in NFC and in NFD: two subjects, two sources — never one (ids are ASCII).
        let nfc = "Jos\u{E9}"
        let nfd = "Jose\u{301}"
        let lines = [
            #"{"type":"assert","id":"jose-nfc","subject":"\#(nfc)","predicate":"p","object":1,"source":"\#(nfc)","effective_at":"0000-01-01T00:00:00Z"}"#,
            #"{"type":"assert","id":"jose-nfd","subject":"\#(nfd)","predicate":"p","object":1,"source":"\#(nfd)","effective_at":"9999-12-31T23:59:59.999999Z"}"#,
        ]
        _ = try first.ledger.append([try EventDecoder.drafts(from: [JSONParser.parse(lines[0])])[0]], actor: "desk")
        let again = try second.ledger.append([try EventDecoder.drafts(from: [JSONParser.parse(lines[1])])[0]], actor: "desk")
        #expect(again.events.map(\.isDuplicate) == [false])
        #expect(again.head == 2)
        try await first.ledger.catchUpViews()
        for node in [first, second] {
            #expect(try node.queries.subjects(prefix: "Jos", limit: 10).count == 2)
            var stored: [Event] = []
            for seq in UInt64(1)...2 { stored.append(try #require(try await node.queries.event(seq: seq)).decoded()) }
            let subjects = stored.compactMap { event -> [UInt8]? in
                guard case .assert(let claim) = event.body else { return nil }
                return Array(claim.subject.utf8)
            }
            #expect(subjects == [Array(nfc.utf8), Array(nfd.utf8)])
            #expect(stored.map(\.effectiveAt.rfc3339) == ["0000-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"])
        }
    }

    @Test func everyCommitRecordsTheRootItReachedAndFollowersCheckIt() async throws {
        let server = try PostgreSQLServer.shared()
        let url = try server.createDatabase()
        let writer = try await node(url)
        for i in 0..<7 {
            _ = try writer.ledger.append(
                (0...i).map { j in try claim("c\(i)-\(j)", subject: "strike:\(j)", object: i, source: "s") }, actor: "desk")
        }
        let rows = try server.execute("SELECT size, encode(root_hash, 'hex') FROM tree_heads ORDER BY size", in: url)
        let recorded = rows.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(recorded.map { $0[0] } == ["1", "3", "6", "10", "15", "21", "28"])
        for row in recorded {
            #expect(Hex.encode(try writer.queries.treeHead(size: UInt64(row[0])!).root) == row[1])
        }

        // Someone with write access to the database changes an event and its leaf hash together, so that
        // the event still matches its leaf: a node following the log refuses to apply it.
        let follower = try await node(url)
        try await follower.ledger.catchUpViews()
        let before = try follower.ledger.viewsDigest()
        _ = try writer.ledger.append([try claim("late", subject: "strike:9", object: 1, source: "s")], actor: "desk")
        let stored = try #require(try await writer.queries.event(seq: 29)).bytes
        let forged = Array(String(decoding: stored, as: UTF8.self).replacingOccurrences(of: "strike:9", with: "strike:8").utf8)
        let leaf = forged.withUnsafeBytes { LoggedEvent.leafHash(of: $0) }
        _ = try server.execute(
            "UPDATE events SET body = '\\x\(Hex.encode(forged))', leaf_hash = '\\x\(Hex.encode(leaf))' WHERE seq = 29", in: url)
        let refusal = await #expect(throws: LedgerError.self) { try await follower.ledger.catchUpViews() }
        #expect(refusal?.message.contains("records a root for its first 29 events that those events do not give") == true)
        #expect(try follower.ledger.head() == 28)
        #expect(try follower.ledger.viewsDigest() == before)
    }

    @Test func aDatabaseOfSchemaVersion1GainsTheTreeHeadsTable() async throws {
        let server = try PostgreSQLServer.shared()
        let url = try server.createDatabase()
        let first = try await node(url)
        _ = try first.ledger.append([try claim("one", subject: "strike:1", object: 1, source: "s")], actor: "desk")
        _ = try server.execute("DROP TABLE tree_heads; UPDATE ledger_meta SET schema_version = 1", in: url)
        let second = try await node(url)
        try await second.ledger.catchUpViews()
        #expect(try second.ledger.head() == 1)
        _ = try second.ledger.append([try claim("two", subject: "strike:1", object: 2, source: "s")], actor: "desk")
        #expect(try server.execute("SELECT schema_version FROM ledger_meta", in: url) == "2")
        #expect(try server.execute("SELECT size FROM tree_heads", in: url) == "2")
    }
}
