public import LedgerKit
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A client of `ledgerd`'s HTTP API on its Unix socket, for `ledgerctl` and any other Swift program.
///
/// ```swift
/// let client = LedgerClient(socketPath: "/run/ledger/ledgerd.sock")
/// let answer = try client.append(AppendRequest(events: [claim]))
/// let belief = try await client.run { try $0.belief(subject: "strike:deir-ezzor:2015-12-06") }
/// ```
///
/// Calls block their thread: a lean HTTP/1.1 exchange over kept-alive connections, no event loop.
/// From Swift concurrency, wrap them in ``run(_:)``, which blocks a thread of its own rather than one of
/// the cooperative pool. Copies of a client share its idle connections; calls may run on many threads
/// at once, each on its own connection.
///
/// Calls throw ``LedgerError`` when the daemon refuses a request and ``LedgerClientError`` when it
/// cannot be reached or does not answer within ``timeout``.
public struct LedgerClient: Sendable {
    /// Where the daemon is.
    public let endpoint: LedgerEndpoint
    /// How long a request waits for its answer (a replay's body streams without limit, a backup or a
    /// compaction gets hours).
    public let timeout: Duration
    private let pool: ConnectionPool
    /// When set, every read asks for a node that holds at least this `seq` (`min_head`): the head an
    /// append answered, so a read on another node sees that append.
    public var minimumHead: UInt64?

    /// How long a backup or a compaction may take: they copy the whole ledger (seconds per GiB).
    static let maintenanceTimeout: Duration = .seconds(6 * 3600)

    /// - Parameter timeout: How long to wait for an answer before giving up with
    ///   ``LedgerClientError/Kind/unreachable`` naming the socket. Default: 10 seconds.
    public init(socketPath: String, timeout: Duration = .seconds(10)) {
        self.init(endpoint: .unixSocket(socketPath), timeout: timeout)
    }

    /// A client of the daemon at `endpoint`: its socket on this machine, or one on another over ssh.
    public init(endpoint: LedgerEndpoint, timeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.timeout = timeout
        pool = ConnectionPool(endpoint: endpoint)
    }

    // MARK: Writing

    /// Appends a batch of events (`POST /v1/events`).
    public func append(_ request: AppendRequest) throws -> AppendResponse {
        try decode(AppendResponse.self, send("POST", "/v1/events", body: CanonicalJSON.encode(request.jsonValue)))
    }

    /// Appends events given as NDJSON, one event a line (`POST /v1/events`).
    public func append(ndjson: [UInt8]) throws -> AppendResponse {
        try decode(AppendResponse.self, send("POST", "/v1/events", body: ndjson, contentType: "application/x-ndjson"))
    }

    /// Has the daemon write a compacted copy of the ledger into `directory`, on the daemon's machine
    /// (`POST /v1/admin/backup`).
    public func backup(to directory: String) throws -> BackupResponse {
        let body = try JSONValueEncoder().canonicalBytes(of: BackupRequest(directory: directory))
        return try decode(BackupResponse.self, send("POST", "/v1/admin/backup", body: body, timeout: Self.maintenanceTimeout))
    }

    /// Restores exported events, NDJSON as a replay wrote them, into an empty ledger (`POST /v1/admin/restore`).
    public func restore(ndjson: [UInt8]) throws -> RestoreResponse {
        try decode(
            RestoreResponse.self,
            send("POST", "/v1/admin/restore", body: ndjson, contentType: "application/x-ndjson", timeout: Self.maintenanceTimeout)
        )
    }

    /// Rewrites the ledger's data file without free pages, so erased evidence is gone from the disk
    /// (`POST /v1/admin/compact`).
    public func compact() throws -> CompactResponse {
        try decode(CompactResponse.self, send("POST", "/v1/admin/compact", body: [], timeout: Self.maintenanceTimeout))
    }

    // MARK: Reading

    /// The stored JSON of the event with `id` (`GET /v1/events/{id}`).
    public func event(id: String) throws -> [UInt8] {
        try send("GET", "/v1/events/" + QueryString.percentEncoded(id))
    }

    /// The stored JSON of event `seq`.
    public func event(seq: UInt64) throws -> [UInt8] {
        var line: [UInt8]?
        try replay(from: seq, to: seq) { line = Array($0) }
        guard let line else { throw LedgerError(code: .notFound, message: "There is no event \(seq).") }
        return line
    }

    /// The daemon's state (`GET /v1/status`).
    public func status() throws -> StatusResponse {
        try decode(StatusResponse.self, send("GET", "/v1/status"))
    }

    /// Whether something accepts connections on the Unix socket at `path`; answers at once either way.
    public static func socketAccepts(_ path: String) -> Bool {
        (try? HTTPConnection.unixSocket(path)) != nil
    }

    /// Whether the daemon serves (`GET /v1/health`).
    public func isHealthy() -> Bool {
        (try? send("GET", "/v1/health")) != nil
    }

    /// The belief about a subject (`GET /v1/belief`); `at` and `asOf` default to now.
    public func belief(
        subject: String, predicate: String? = nil, at: Timestamp? = nil, asOf: Timestamp? = nil
    ) throws
        -> SubjectBelief
    {
        try get(
            SubjectBelief.self, "/v1/belief",
            ["subject": subject, "predicate": predicate, "at": at?.rfc3339, "as_of": asOf?.rfc3339])
    }

    /// A subject's events with the change of belief each caused (`GET /v1/history`).
    public func history(subject: String, window: HistoryWindow = .init(), at: Timestamp? = nil) throws -> HistoryResponse {
        try get(
            HistoryResponse.self, "/v1/history",
            [
                "subject": subject, "valid_from": window.validFrom?.rfc3339, "valid_to": window.validTo?.rfc3339,
                "recorded_from": window.recordedFrom?.rfc3339, "recorded_to": window.recordedTo?.rfc3339, "at": at?.rfc3339,
            ])
    }

    /// One page of a source's claims (`GET /v1/claims`).
    public func claims(source: String, after: UInt64? = nil, limit: Int? = nil) throws -> ClaimsResponse {
        try get(
            ClaimsResponse.self, "/v1/claims",
            ["source": source, "after": after.map { String($0) }, "limit": limit.map { String($0) }])
    }

    /// What is held about a source: its effective reliability and ancestors (`GET /v1/source`).
    public func source(name: String, at: Timestamp? = nil, asOf: Timestamp? = nil) throws -> SourceSummary {
        try get(SourceSummary.self, "/v1/source", ["name": name, "at": at?.rfc3339, "as_of": asOf?.rfc3339])
    }

    /// One page of subjects (`GET /v1/subjects`).
    public func subjects(prefix: String? = nil, after: String? = nil, limit: Int? = nil) throws -> SubjectsResponse {
        try get(SubjectsResponse.self, "/v1/subjects", ["prefix": prefix, "after": after, "limit": limit.map { String($0) }])
    }

    /// Contested predicates of one page of subjects (`GET /v1/contested`).
    public func contested(
        at: Timestamp? = nil, asOf: Timestamp? = nil, after: String? = nil, limit: Int? = nil
    ) throws
        -> ContestedResponse
    {
        try get(
            ContestedResponse.self, "/v1/contested",
            ["at": at?.rfc3339, "as_of": asOf?.rfc3339, "after": after, "limit": limit.map { String($0) }])
    }

    /// A belief receipt (`GET /v1/receipt`), as the daemon's JSON bytes.
    public func receipt(subject: String, predicate: String? = nil, at: Timestamp? = nil, asOf: Timestamp? = nil) throws -> [UInt8]
    {
        try send(
            "GET",
            "/v1/receipt"
                + QueryString.make(["subject": subject, "predicate": predicate, "at": at?.rfc3339, "as_of": asOf?.rfc3339]))
    }

    // MARK: Audit

    /// The tree head at `size`, or the current one (`GET /v1/audit/head`).
    public func treeHead(size: UInt64? = nil) throws -> TreeHead {
        try get(TreeHead.self, "/v1/audit/head", ["tree_size": size.map { String($0) }])
    }

    /// The inclusion proof of event `seq` (`GET /v1/audit/inclusion`).
    public func inclusionProof(seq: UInt64, treeSize: UInt64? = nil) throws -> InclusionProof {
        try get(InclusionProof.self, "/v1/audit/inclusion", ["seq": String(seq), "tree_size": treeSize.map { String($0) }])
    }

    /// The consistency proof between two tree sizes (`GET /v1/audit/consistency`).
    public func consistencyProof(first: UInt64, second: UInt64) throws -> ConsistencyProof {
        try get(ConsistencyProof.self, "/v1/audit/consistency", ["first": String(first), "second": String(second)])
    }

    /// The current tree head as a signed checkpoint note (`GET /v1/audit/checkpoint`).
    public func checkpoint() throws -> String {
        String(decoding: try send("GET", "/v1/audit/checkpoint"), as: UTF8.self)
    }

    /// What the log records beside its events, with one page of its committed tree heads from size `from`
    /// (`GET /v1/audit/log`).
    public func logRecords(from: UInt64 = 0, limit: Int? = nil) throws -> LogRecordsResponse {
        try get(LogRecordsResponse.self, "/v1/audit/log", ["from": String(from), "limit": limit.map { String($0) }])
    }

    /// The stored leaf hashes of events from `from` (`GET /v1/audit/leaves`).
    public func leafHashes(from: UInt64, limit: Int) throws -> [[UInt8]] {
        let text = String(
            decoding: try send("GET", "/v1/audit/leaves" + QueryString.make(["from": String(from), "limit": String(limit)])),
            as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            guard let hash = Hex.decode(String(line)), hash.count == MerkleHash.size else {
                throw LedgerClientError(
                    kind: .invalidResponse, message: "ledgerd at \(endpoint) sent a leaf hash that is not 32 bytes of hex.")
            }
            return hash
        }
    }

    // MARK: Replay

    /// Streams the ledger's events as stored (`GET /v1/events`), calling `body` with each NDJSON line
    /// (without its newline), in `seq` order. The bytes are valid only during the call.
    ///
    /// With `follow`, the stream stays open after the last committed event and goes on with each new one
    /// as it commits; it ends when `to` or `limit` is reached or the daemon stops.
    public func replay(
        from: UInt64? = nil, to: UInt64? = nil, subject: String? = nil, limit: Int? = nil, follow: Bool = false,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var carry: [UInt8] = []  // the start of a line that a chunk cut
        try replayChunks(from: from, to: to, subject: subject, limit: limit, follow: follow) { bytes in
            var start = 0
            if !carry.isEmpty {
                guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                    carry.append(contentsOf: bytes)
                    return
                }
                carry.append(contentsOf: bytes[..<newline])
                try carry.withUnsafeBytes(body)
                carry.removeAll(keepingCapacity: true)
                start = newline + 1
            }
            while start < bytes.count, let found = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) {
                let newline = UnsafeRawPointer(found) - bytes.baseAddress!
                try body(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
                start = newline + 1
            }
            carry.append(contentsOf: bytes[start...])
        }
        if !carry.isEmpty { try carry.withUnsafeBytes(body) }
    }

    /// Streams the replay as the NDJSON bytes arrive, in chunks that need not end at a line's end: the
    /// fastest way to copy a replay to a file.
    public func replayChunks(
        from: UInt64? = nil, to: UInt64? = nil, subject: String? = nil, limit: Int? = nil, follow: Bool = false,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let query = QueryString.make([
            "follow": follow ? "true" : nil, "from": from.map { String($0) }, "to": to.map { String($0) }, "subject": subject,
            "limit": limit.map { String($0) },
        ])
        try pool.withConnection { connection in
            var refusal: [UInt8]?
            var refusedWith = 0
            try connection.request(
                "GET", "/v1/events" + query, timeout: timeout, bodyTimeout: follow ? nil : timeout,
                onStatus: { status in
                    if status != 200 {
                        refusal = []
                        refusedWith = status
                    }
                },
                onBody: { chunk in
                    if refusal != nil {
                        refusal!.append(contentsOf: chunk)
                    } else {
                        try body(chunk)
                    }
                })
            if let refusal { throw self.refusal(status: refusedWith, body: refusal) }
        }
    }

    // MARK: Transport

    private func get<T: Decodable>(_ type: T.Type, _ path: String, _ query: KeyValuePairs<String, String?>) throws -> T {
        try decode(type, send("GET", path + QueryString.make(query)))
    }

    /// Sends one request and returns the answer's body as it came, not decoded: for tools that pass
    /// answers on, and for measuring the daemon without the client's decoding.
    ///
    /// - Throws: the ``LedgerError`` the daemon answered with, or ``LedgerClientError``.
    public func send(
        _ method: String, _ target: String, body: [UInt8]? = nil, contentType: String = "application/json",
        timeout: Duration? = nil
    ) throws -> [UInt8] {
        var target = target
        if method == "GET", let minimumHead { target += (target.contains("?") ? "&" : "?") + "min_head=\(minimumHead)" }
        let response = try pool.withConnection { [target] connection in
            try connection.request(method, target, body: body, contentType: contentType, timeout: timeout ?? self.timeout)
        }
        guard (200..<300).contains(response.status) else { throw refusal(status: response.status, body: response.body) }
        return response.body
    }

    private func refusal(status: Int, body: [UInt8]) -> any Error {
        if let decoded = try? JSONValueDecoder().decode(APIErrorBody.self, from: body) { return decoded.ledgerError }
        return LedgerClientError(
            kind: .invalidResponse, message: "ledgerd at \(endpoint) answered \(status) without an error body.")
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        do {
            return try JSONValueDecoder().decode(type, from: bytes)
        } catch {
            throw LedgerClientError(
                kind: .invalidResponse, message: "ledgerd at \(endpoint) answered with a body that is not \(T.self): \(error)")
        }
    }
}

/// Idle kept-alive connections, handed out to one call at a time.
final class ConnectionPool: Sendable {
    private let endpoint: LedgerEndpoint
    private let idle = Mutex<[UncheckedConnection]>([])

    /// A connection used by one thread at a time: the pool hands each out to one call, which gives it back.
    struct UncheckedConnection: @unchecked Sendable {
        let connection: HTTPConnection
    }

    init(endpoint: LedgerEndpoint) {
        self.endpoint = endpoint
    }

    /// Runs `body` on an idle connection that still looks open, or a new one; keeps it for the next call
    /// when the exchange left it reusable.
    func withConnection<R>(_ body: (HTTPConnection) throws -> R) throws -> R {
        var connection: HTTPConnection?
        while connection == nil, let candidate = idle.withLock({ $0.popLast() }) {
            if candidate.connection.looksAlive { connection = candidate.connection }
        }
        let chosen = try connection ?? endpoint.connect()
        let result = try body(chosen)
        if chosen.isReusable { idle.withLock { $0.append(UncheckedConnection(connection: chosen)) } }
        return result
    }
}
