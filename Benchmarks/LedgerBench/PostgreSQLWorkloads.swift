import Foundation
import LedgerClient
import LedgerKit
import LedgerTestSupport
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The shared log's workloads (`--postgresql`), on a private PostgreSQL server with fsync on: bulk
/// ingest through one node and through two at once, beside a plain multi-row insert of the same bytes
/// into one indexed table; belief through a follower; a new node catching up from the log.
enum PostgreSQLWorkloads {
    static func run(bodies: [[UInt8]], stored: [Event], subjects: Int, queries: Int, report: inout Report) throws {
        say("starting a private PostgreSQL server (initdb, fsync on)…")
        let server = try PostgreSQLServer.start(durable: true)
        let plain = try PlainInsertBaseline(server: server)
        let plainRate = try plain.insert(stored, batchSize: 1_000)
        let events = stored.count

        // One node.
        let oneNode = try node(url: try server.createDatabase(), keyFrom: nil)
        let oneClient = LedgerClient(socketPath: oneNode.daemon.socket, timeout: .seconds(120))
        let (oneRate, oneCPU) = try oneNode.daemon.measuringCPU { try sendInFlight(bodies, client: oneClient, inFlight: 3) }
        report.add(
            Row(
                workload: "PostgreSQL log: bulk ingest through one node, batches of 1,000",
                ledger: "\(rateText(oneRate)); ledgerd \(cpuText(oneCPU, events: events))",
                postgreSQL: "plain insert of the same bytes: \(rateText(plainRate))",
                ratio: String(format: "%.2fx the plain insert", oneRate / plainRate), target: "≥ 0.8x the plain insert",
                met: oneRate >= 0.8 * plainRate))

        // Two nodes at once, each taking half the batches.
        let url = try server.createDatabase()
        let first = try node(url: url, keyFrom: nil)
        let second = try node(url: url, keyFrom: first.directory)
        let halves = [
            bodies.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
            bodies.enumerated().filter { $0.offset % 2 == 1 }.map(\.element),
        ]
        let clients = [first, second].map { LedgerClient(socketPath: $0.daemon.socket, timeout: .seconds(120)) }
        let start = ContinuousClock.now
        let finished = Counter()
        let failures = Counter()
        for index in 0..<2 {
            let (half, client) = (halves[index], clients[index])
            Thread {
                if (try? sendInFlight(half, client: client, inFlight: 3)) == nil { _ = failures.increment() }
                _ = finished.increment()
            }.start()
        }
        while finished.value < 2 { usleep(1_000) }
        let twoRate = Double(events) / seconds(since: start)
        report.add(
            Row(
                workload: "PostgreSQL log: bulk ingest through two nodes at once",
                ledger: rateText(twoRate) + (failures.value == 0 ? "" : " (\(failures.value) senders failed)"),
                postgreSQL: "plain insert: \(rateText(plainRate))",
                ratio: String(format: "%.2fx the plain insert", twoRate / plainRate), target: "≥ 0.8x the plain insert",
                met: failures.value == 0 && twoRate >= 0.8 * plainRate))

        // Belief through the follower (the second node), after it has caught up.
        let follower = clients[1]
        _ = try follower.send("GET", "/v1/status?min_head=\(events)")
        let beliefs = try beliefLatencies(follower, queries: queries, subjects: subjects)
        report.add(
            Row(
                workload: "PostgreSQL log: belief through a follower node", ledger: beliefs.text,
                target: "p50 < 150 µs, p99 < 1 ms", met: beliefs.p50 < 0.000150 && beliefs.p99 < 0.001))

        // A new node builds its views from the log.
        let late = try node(url: url, keyFrom: first.directory)
        let catchUpRate = Double(events) / late.daemon.startSeconds
        report.add(
            Row(
                workload: "PostgreSQL log: a new node catches up from \(events) events",
                ledger: "\(rateText(catchUpRate)) (\(durationText(late.daemon.startSeconds)) to serving)",
                target: "≥ 100,000/s", met: catchUpRate >= 100_000))
        for running in [oneNode, first, second, late] { running.daemon.stop() }
    }

    struct Node {
        let directory: String
        let daemon: Daemon
    }

    /// A ledgerd node on `url`, with the ledger's key copied from `keyFrom` (another node's directory).
    static func node(url: String, keyFrom: String?) throws -> Node {
        let directory = try temporaryDirectory("node")
        if let keyFrom {
            try FileManager.default.copyItem(atPath: keyFrom + "/checkpoint.key", toPath: directory + "/checkpoint.key")
        }
        return Node(directory: directory, daemon: try Daemon(directory: directory, arguments: ["--postgresql", url]))
    }
}

/// The same event bytes inserted into one table with a primary key and a unique id index, 1,000 rows a
/// transaction, with one `unnest` of arrays: what a program writing to PostgreSQL directly would do.
struct PlainInsertBaseline {
    let connection: PostgresConnection
    let logger = Logger(label: "bench.postgresql")

    init(server: PostgreSQLServer) throws {
        let url = try server.createDatabase()
        let database = url.components(separatedBy: "@/").last?.split(separator: "?").first.map(String.init) ?? ""
        let configuration = PostgresConnection.Configuration(
            unixSocketPath: server.socketDirectory + "/.s.PGSQL.5432", username: "ledger", password: nil, database: database)
        connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
        ).wait()
        _ = try connection.query(
            "CREATE TABLE events (seq bigint PRIMARY KEY, event_id bytea NOT NULL UNIQUE, body bytea NOT NULL)",
            logger: logger
        ).wait()
    }

    /// Events a second.
    func insert(_ events: [Event], batchSize: Int) throws -> Double {
        let start = ContinuousClock.now
        for batchStart in stride(from: 0, to: events.count, by: batchSize) {
            let batch = events[batchStart..<min(batchStart + batchSize, events.count)]
            let seqs = batch.map { Int64($0.seq) }
            let ids = batch.map { ByteBuffer(string: $0.id) }
            let bodies = batch.map { ByteBuffer(bytes: $0.canonicalBytes) }
            _ = try connection.query("BEGIN", logger: logger).wait()
            _ = try connection.query(
                "INSERT INTO events SELECT * FROM unnest(\(seqs)::int8[], \(ids)::bytea[], \(bodies)::bytea[])", logger: logger
            ).wait()
            _ = try connection.query("COMMIT", logger: logger).wait()
        }
        return Double(events.count) / seconds(since: start)
    }
}
