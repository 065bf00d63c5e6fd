import CSQLite
import Foundation
import LMDB
import LedgerKit

/// What the storage engine alone does: the same event bytes into LMDB, same batches, durable commits,
/// no hashing, no indexes.
final class RawLMDBBaseline {
    let directory: String
    let env: Environment
    let db: Database

    init() throws {
        directory = try temporaryDirectory("lmdb")
        env = try Environment(path: directory, databases: ["events"])
        db = env.database(named: "events")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Appends the events in transactions of `batchSize`; returns events/s.
    func insert(_ events: [[UInt8]], batchSize: Int) throws -> Double {
        let start = ContinuousClock.now
        var seq: UInt64 = 0
        for batch in stride(from: 0, to: events.count, by: batchSize) {
            try env.write { txn in
                for bytes in events[batch..<min(batch + batchSize, events.count)] {
                    seq += 1
                    try txn.put(bytes, for: seq, in: db, options: .append)
                }
            }
        }
        return Double(events.count) / seconds(since: start)
    }

    /// Copies every event to `file` as NDJSON, reading in snapshots of 1,000 as the daemon does;
    /// returns events/s. With `hashing`, each event is also hashed (SHA-256) instead of written.
    func scan(to file: String, hashing: Bool = false) throws -> Double {
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        defer { try? output.close() }
        let start = ContinuousClock.now
        var next: UInt64 = 1
        var count = 0
        while true {
            var chunk: [UInt8] = []
            var read = 0
            try env.read { txn in
                try txn.forEach(in: db, from: next) { _, value in
                    if hashing {
                        _ = MerkleHash.leaf(value, UnsafeRawBufferPointer(start: nil, count: 0))
                    } else {
                        chunk.append(contentsOf: value)
                        chunk.append(UInt8(ascii: "\n"))
                    }
                    read += 1
                    return read < 1_000
                }
            }
            guard read > 0 else { break }
            if !hashing { output.write(Data(chunk)) }
            count += read
            next += UInt64(read)
        }
        return Double(count) / seconds(since: start)
    }

    /// Latency of committing one event at a time, durably: what the disk's fsync allows.
    static func singleCommits(_ events: [[UInt8]]) throws -> Latencies {
        let baseline = try RawLMDBBaseline()
        var latencies = Latencies()
        for (offset, bytes) in events.enumerated() {
            let start = ContinuousClock.now
            try baseline.env.write { txn in try txn.put(bytes, for: UInt64(offset + 1), in: baseline.db, options: .append) }
            latencies.record(seconds(since: start))
        }
        return latencies
    }
}

/// What a user would build instead: SQLite (WAL, synchronous=FULL), an events table with a subject index
/// and a unique id index (the ledger's idempotency).
final class SQLiteBaseline {
    private var db: OpaquePointer?
    let directory: String

    init() throws {
        directory = try temporaryDirectory("sqlite")
        guard sqlite3_open(directory + "/ledger.db", &db) == SQLITE_OK else { throw AuditError("cannot open SQLite") }
        try exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
        try exec(
            """
            CREATE TABLE events (seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, predicate TEXT NOT NULL, object TEXT NOT NULL,
              source TEXT NOT NULL, polarity INTEGER NOT NULL, effective_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL,
              id TEXT NOT NULL, body BLOB NOT NULL);
            CREATE INDEX events_subject ON events(subject);
            CREATE UNIQUE INDEX events_id ON events(id);
            """)
    }

    deinit {
        sqlite3_close(db)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw AuditError("SQLite: \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    /// Inserts the events in transactions of `batchSize`; returns events/s.
    func insert(_ events: [Event], batchSize: Int) throws -> Double {
        try insert(events, batchSize: batchSize, latencies: nil)
    }

    /// Inserts the events one transaction each; the latency of each.
    func singleInserts(_ events: [Event]) throws -> Latencies {
        var latencies = Latencies()
        _ = try insert(events, batchSize: 1, latencies: &latencies)
        return latencies
    }

    /// Copies every event's stored bytes to `file` as NDJSON, in `seq` order; returns events/s.
    func scan(to file: String) throws -> Double {
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        defer { try? output.close() }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT body FROM events ORDER BY seq", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let start = ContinuousClock.now
        var chunk: [UInt8] = []
        var count = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            let bytes = UnsafeRawBufferPointer(
                start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0)))
            chunk.append(contentsOf: bytes)
            chunk.append(UInt8(ascii: "\n"))
            count += 1
            if chunk.count >= 1 << 18 {
                output.write(Data(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        output.write(Data(chunk))
        return Double(count) / seconds(since: start)
    }

    private func insert(_ events: [Event], batchSize: Int, latencies: UnsafeMutablePointer<Latencies>?) throws -> Double {
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let start = ContinuousClock.now
        for batch in stride(from: 0, to: events.count, by: batchSize) {
            let batchStart = ContinuousClock.now
            try exec("BEGIN")
            for event in events[batch..<min(batch + batchSize, events.count)] {
                guard case .assert(let claim) = event.body else { continue }
                let body = event.canonicalBytes
                sqlite3_bind_int64(statement, 1, Int64(event.seq))
                sqlite3_bind_text(statement, 2, claim.subject, -1, transient)
                sqlite3_bind_text(statement, 3, claim.predicate, -1, transient)
                sqlite3_bind_text(statement, 4, CanonicalJSON.string(claim.object), -1, transient)
                sqlite3_bind_text(statement, 5, claim.source, -1, transient)
                sqlite3_bind_int(statement, 6, claim.stance == .affirm ? 0 : 1)
                sqlite3_bind_int64(statement, 7, event.effectiveAt.microsecondsSinceEpoch)
                sqlite3_bind_int64(statement, 8, event.recordedAt.microsecondsSinceEpoch)
                sqlite3_bind_text(statement, 9, event.id, -1, transient)
                body.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 10, $0.baseAddress, Int32($0.count), transient) }
                guard sqlite3_step(statement) == SQLITE_DONE else { throw AuditError("SQLite insert failed") }
                sqlite3_reset(statement)
            }
            try exec("COMMIT")
            latencies?.pointee.record(seconds(since: batchStart))
        }
        return Double(events.count) / seconds(since: start)
    }

    /// The belief about `subject`, from its rows through the index, computed in this process.
    func belief(subject: String, horizon: Horizon) -> SubjectBelief {
        var statement: OpaquePointer?
        sqlite3_prepare_v2(
            db, "SELECT seq, predicate, object, source, polarity, effective_at, recorded_at, id FROM events WHERE subject = ?",
            -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, subject, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        var claims: [ClaimRecord] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            claims.append(
                ClaimRecord(
                    seq: UInt64(sqlite3_column_int64(statement, 0)), id: String(cString: sqlite3_column_text(statement, 7)),
                    recordedAt: Timestamp(microsecondsSinceEpoch: sqlite3_column_int64(statement, 6)),
                    effectiveAt: Timestamp(microsecondsSinceEpoch: sqlite3_column_int64(statement, 5)), subject: subject,
                    predicate: String(cString: sqlite3_column_text(statement, 1)),
                    object: Array(String(cString: sqlite3_column_text(statement, 2)).utf8),
                    source: String(cString: sqlite3_column_text(statement, 3)),
                    polarity: sqlite3_column_int(statement, 4) == 0 ? .affirm : .deny))
        }
        return BeliefEvaluator.belief(subject: subject, claims: claims, horizon: horizon, multiValuedPredicates: [])
    }
}
