import Foundation
import LedgerTestSupport
import Testing

/// Everything in the database is untrusted input: someone with write access to it edits the log's own
/// records. A running node's `audit verify` names the damage, a new node refuses to start with the same
/// sentence, appends are refused with it and write nothing, and no node dies.
@Suite("A shared log edited behind ledgerd's back", .serialized)
struct LogTamperingTests {
    /// A node on a fresh database holding `count` claims, each its own commit.
    static func ledger(count: Int) throws -> (node: TestDaemon, url: String) {
        let url = try PostgreSQLServer.shared().createDatabase()
        let node = try SharedLogNodeTests.node(url)
        for n in 0..<count {
            let answer = try UnixHTTP.request(
                socket: node.socket, "POST /v1/events",
                body: SharedLogNodeTests.claim("c\(n)", subject: "s", object: n, source: "x"))
            #expect(answer.status == 200, "\(answer.text)")
        }
        return (node, url)
    }

    static func sql(_ statement: String, _ url: String) throws -> String {
        try PostgreSQLServer.shared().execute(statement, in: url)
    }

    /// The running node's audit, an append on it and a new node's start all say `expected`; nothing is
    /// written and the running node goes on serving reads.
    static func expectEveryoneSays(_ expected: String, node: TestDaemon, url: String, appendRefused: Bool = true) throws {
        let rowsBefore = try sql("SELECT count(*) FROM events", url)
        let verify = try node.ctl("audit", "verify")
        #expect(verify.status == 4, "\(verify.standardError)")
        #expect(verify.standardError.contains(expected), "verify said: \(verify.standardError)")
        if appendRefused {
            let append = try UnixHTTP.request(
                socket: node.socket, "POST /v1/events",
                body: SharedLogNodeTests.claim("after", subject: "s", object: 99, source: "x"))
            #expect(append.status == 500, "\(append.text)")
            #expect(append.errorCode == "damaged_log")
            #expect(append.text.contains(expected), "the append said: \(append.text)")
            #expect(try sql("SELECT count(*) FROM events", url) == rowsBefore)
        }
        #expect(node.exitStatus == nil, "the running node died")
        #expect(try UnixHTTP.request(socket: node.socket, "GET /v1/belief?subject=s").status == 200)
        let fresh = try SharedLogNodeTests.node(url, keyFrom: node, start: false)
        #expect(throws: TestDaemonError.self) { try fresh.start() }
        #expect(fresh.log.contains(expected), "the new node said: \(fresh.log.suffix(800))")
        #expect(fresh.exitStatus == 1)
    }

    @Test func aHeadMovedPastTheEventsIsNamedByEveryone() throws {
        let (node, url) = try Self.ledger(count: 5)
        _ = try Self.sql("UPDATE log_head SET seq = seq + 5", url)
        try Self.expectEveryoneSays("records its head as seq 10, but its last event is seq 5", node: node, url: url)
    }

    @Test func aNegativeHeadIsNamedNotTrappedOn() throws {
        let (node, url) = try Self.ledger(count: 3)
        _ = try Self.sql("UPDATE log_head SET seq = -1", url)
        try Self.expectEveryoneSays("records log_head.seq = -1, which no ledger can have", node: node, url: url)
    }

    @Test func swappedLeafHashesAreNamedByEveryone() throws {
        let (node, url) = try Self.ledger(count: 6)
        _ = try Self.sql(
            """
            UPDATE events SET leaf_hash = CASE seq WHEN 3 THEN (SELECT leaf_hash FROM events WHERE seq = 4)
            ELSE (SELECT leaf_hash FROM events WHERE seq = 3) END WHERE seq IN (3, 4)
            """, url)
        // Appends go on (the node's own views are right); every reader of the log is told.
        try Self.expectEveryoneSays(
            "holds a leaf hash for event 3 that is not the hash of that event's bytes", node: node, url: url,
            appendRefused: false)
    }

    @Test func aRecordedTimeMovedIntoTheFutureIsNamedByEveryone() throws {
        let (node, url) = try Self.ledger(count: 2)
        _ = try Self.sql("UPDATE log_head SET last_recorded_at = 253402300799000000", url)
        try Self.expectEveryoneSays(
            "records its last event as recorded at 9999-12-31T23:59:59.000000Z", node: node, url: url, appendRefused: false)
    }

    @Test func anAlteredCommittedRootIsNamedByTheAudit() throws {
        let (node, url) = try Self.ledger(count: 4)
        _ = try Self.sql("UPDATE tree_heads SET root_hash = '\\x" + String(repeating: "00", count: 32) + "' WHERE size = 2", url)
        let verify = try node.ctl("audit", "verify")
        #expect(verify.status == 4)
        #expect(verify.standardError.contains("records a root for its first 2 events that those events do not give"))
    }
}
