import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A client of `ledgerd`'s HTTP API on its Unix socket, for `ledgerctl` and any other Swift program.
///
/// ```swift
/// let client = LedgerClient(socketPath: "/run/ledger/ledgerd.sock")
/// let answer = try await client.append(AppendRequest(events: [claim]))
/// ```
///
/// Calls throw ``LedgerError`` when the daemon refuses a request and ``LedgerClientError`` when it
/// cannot be reached.
public struct LedgerClient: Sendable {
    /// The daemon's socket.
    public let socketPath: String
    /// How long a request may wait for its answer (a replay streams without limit, a backup or a
    /// compaction gets hours).
    public let timeout: Duration
    private let http: HTTPClient
    private static let reachedSockets = Mutex<Set<String>>([])

    /// - Parameter timeout: How long to wait for an answer before giving up with
    ///   ``LedgerClientError/Kind/unreachable`` naming the socket. Default: 10 seconds.
    public init(socketPath: String, timeout: Duration = .seconds(10)) {
        self.socketPath = socketPath
        self.timeout = timeout
        self.http = Self.sharedHTTPClient
    }

    /// One HTTP client for the process, never shut down (like `HTTPClient.shared`), but allowing as many
    /// connections to the daemon as there are concurrent calls, not AsyncHTTPClient's default of eight.
    private static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Appends a batch of events (`POST /v1/events`).
    public func append(_ request: AppendRequest) async throws -> AppendResponse {
        let body = CanonicalJSON.encode(request.jsonValue)
        return try await decode(AppendResponse.self, from: send(.POST, "/v1/events", body: body, contentType: "application/json"))
    }

    /// Appends events given as NDJSON, one event a line (`POST /v1/events`).
    public func append(ndjson: [UInt8]) async throws -> AppendResponse {
        try await decode(AppendResponse.self, from: send(.POST, "/v1/events", body: ndjson, contentType: "application/x-ndjson"))
    }

    /// Has the daemon write a compacted copy of the ledger into `directory`, on the daemon's machine
    /// (`POST /v1/admin/backup`).
    public func backup(to directory: String) async throws -> BackupResponse {
        let body = try JSONValueEncoder().canonicalBytes(of: BackupRequest(directory: directory))
        return try await decode(
            BackupResponse.self,
            from: send(
                .POST, "/v1/admin/backup", body: Array(body), contentType: "application/json", timeout: Self.maintenanceTimeout))
    }

    /// Restores exported events, NDJSON as a replay wrote them, into an empty ledger (`POST /v1/admin/restore`).
    public func restore(ndjson: [UInt8]) async throws -> RestoreResponse {
        try await decode(
            RestoreResponse.self, from: send(.POST, "/v1/admin/restore", body: ndjson, contentType: "application/x-ndjson"))
    }

    /// A belief receipt (`GET /v1/receipt`), as the daemon's JSON bytes.
    public func receipt(
        subject: String, predicate: String? = nil, at: Timestamp? = nil, asOf: Timestamp? = nil
    ) async throws -> [UInt8] {
        var query = [("subject", subject)]
        if let predicate { query.append(("predicate", predicate)) }
        if let at { query.append(("at", at.rfc3339)) }
        if let asOf { query.append(("as_of", asOf.rfc3339)) }
        return try await send(.GET, "/v1/receipt", query: query)
    }

    /// How long a backup or a compaction may take: they copy the whole ledger (seconds per GiB).
    static let maintenanceTimeout: TimeAmount = .hours(6)

    /// Rewrites the ledger's data file without free pages, so erased evidence is gone from the disk
    /// (`POST /v1/admin/compact`).
    public func compact() async throws -> CompactResponse {
        try await decode(
            CompactResponse.self,
            from: send(
                .POST, "/v1/admin/compact", body: [], contentType: "application/json", timeout: Self.maintenanceTimeout))
    }

    /// The stored JSON of the event with `id` (`GET /v1/events/{id}`).
    public func event(id: String) async throws -> [UInt8] {
        try await send(.GET, "/v1/events/" + Self.pathSegment(id))
    }

    /// The stored JSON of event `seq`.
    public func event(seq: UInt64) async throws -> [UInt8] {
        var line: [UInt8]?
        try await replay(from: seq, to: seq) { line = Array($0) }
        guard let line else { throw LedgerError(code: .notFound, message: "There is no event \(seq).") }
        return line
    }

    /// The daemon's state (`GET /v1/status`).
    public func status() async throws -> StatusResponse {
        try await decode(StatusResponse.self, from: send(.GET, "/v1/status"))
    }

    /// The belief about a subject (`GET /v1/belief`); `at` and `asOf` default to now.
    public func belief(
        subject: String, predicate: String? = nil, at: Timestamp? = nil, asOf: Timestamp? = nil
    )
        async throws -> SubjectBelief
    {
        try await get(
            SubjectBelief.self, "/v1/belief",
            [
                ("subject", subject), ("predicate", predicate), ("at", at?.rfc3339), ("as_of", asOf?.rfc3339),
            ])
    }

    /// A subject's events with the change of belief each caused (`GET /v1/history`).
    public func history(
        subject: String, window: HistoryWindow = .init(), at: Timestamp? = nil
    ) async throws
        -> HistoryResponse
    {
        try await get(
            HistoryResponse.self, "/v1/history",
            [
                ("subject", subject), ("valid_from", window.validFrom?.rfc3339), ("valid_to", window.validTo?.rfc3339),
                ("recorded_from", window.recordedFrom?.rfc3339), ("recorded_to", window.recordedTo?.rfc3339),
                ("at", at?.rfc3339),
            ])
    }

    /// One page of a source's claims (`GET /v1/claims`).
    public func claims(source: String, after: UInt64? = nil, limit: Int? = nil) async throws -> ClaimsResponse {
        try await get(
            ClaimsResponse.self, "/v1/claims",
            [
                ("source", source), ("after", after.map { String($0) }), ("limit", limit.map { String($0) }),
            ])
    }

    /// One page of subjects (`GET /v1/subjects`).
    public func subjects(prefix: String? = nil, after: String? = nil, limit: Int? = nil) async throws -> SubjectsResponse {
        try await get(
            SubjectsResponse.self, "/v1/subjects",
            [
                ("prefix", prefix), ("after", after), ("limit", limit.map { String($0) }),
            ])
    }

    /// Contested predicates of one page of subjects (`GET /v1/contested`).
    public func contested(
        at: Timestamp? = nil, asOf: Timestamp? = nil, after: String? = nil, limit: Int? = nil
    )
        async throws -> ContestedResponse
    {
        try await get(
            ContestedResponse.self, "/v1/contested",
            [
                ("at", at?.rfc3339), ("as_of", asOf?.rfc3339), ("after", after), ("limit", limit.map { String($0) }),
            ])
    }

    /// The tree head at `size`, or the current one (`GET /v1/audit/head`).
    public func treeHead(size: UInt64? = nil) async throws -> TreeHead {
        try await get(TreeHead.self, "/v1/audit/head", [("tree_size", size.map { String($0) })])
    }

    /// The inclusion proof of event `seq` (`GET /v1/audit/inclusion`).
    public func inclusionProof(seq: UInt64, treeSize: UInt64? = nil) async throws -> InclusionProof {
        try await get(
            InclusionProof.self, "/v1/audit/inclusion", [("seq", String(seq)), ("tree_size", treeSize.map { String($0) })])
    }

    /// The consistency proof between two tree sizes (`GET /v1/audit/consistency`).
    public func consistencyProof(first: UInt64, second: UInt64) async throws -> ConsistencyProof {
        try await get(ConsistencyProof.self, "/v1/audit/consistency", [("first", String(first)), ("second", String(second))])
    }

    /// The current tree head as a signed checkpoint note (`GET /v1/audit/checkpoint`).
    public func checkpoint() async throws -> String {
        String(decoding: try await send(.GET, "/v1/audit/checkpoint"), as: UTF8.self)
    }

    /// The stored leaf hashes of events from `from` (`GET /v1/audit/leaves`).
    public func leafHashes(from: UInt64, limit: Int) async throws -> [[UInt8]] {
        let text = String(
            decoding: try await send(.GET, "/v1/audit/leaves", query: [("from", String(from)), ("limit", String(limit))]),
            as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            guard let hash = Hex.decode(String(line)), hash.count == MerkleHash.size else {
                throw LedgerClientError(
                    kind: .invalidResponse, message: "ledgerd at \(socketPath) sent a leaf hash that is not 32 bytes of hex.")
            }
            return hash
        }
    }

    private func get<T: Decodable>(_ type: T.Type, _ path: String, _ query: [(String, String?)]) async throws -> T {
        try await decode(type, from: send(.GET, path, query: query.compactMap { name, value in value.map { (name, $0) } }))
    }

    /// Whether the daemon serves (`GET /v1/health`).
    public func isHealthy() async -> Bool {
        (try? await send(.GET, "/v1/health")) != nil
    }

    /// Streams the ledger's events as stored (`GET /v1/events`), calling `body` with each NDJSON line
    /// (without its newline), in `seq` order. The bytes are valid only during the call.
    ///
    /// With `follow`, the stream stays open after the last committed event and goes on with each new one
    /// as it commits; it ends when `to` or `limit` is reached or the daemon stops.
    public func replay(
        from: UInt64? = nil, to: UInt64? = nil, subject: String? = nil, limit: Int? = nil, follow: Bool = false,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) async throws {
        var carry: [UInt8] = []  // the start of a line that a chunk cut
        try await replayBuffers(from: from, to: to, subject: subject, limit: limit, follow: follow) { chunk in
            try chunk.withUnsafeReadableBytes { bytes in
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
        }
        if !carry.isEmpty { try carry.withUnsafeBytes(body) }
    }

    /// Streams the replay as the NDJSON bytes arrive, in chunks that need not end at a line's end: the
    /// fastest way to copy a replay to a file.
    public func replayChunks(
        from: UInt64? = nil, to: UInt64? = nil, subject: String? = nil, limit: Int? = nil,
        _ body: ([UInt8]) async throws -> Void
    ) async throws {
        try await replayBuffers(from: from, to: to, subject: subject, limit: limit, follow: false) { chunk in
            try await body(Array(chunk.readableBytesView))
        }
    }

    private func replayBuffers(
        from: UInt64?, to: UInt64?, subject: String?, limit: Int?, follow: Bool, _ body: (ByteBuffer) async throws -> Void
    ) async throws {
        // A follower reconnects after the daemon went away: ask the socket directly each time, as
        // AsyncHTTPClient would retry a dead socket until the (long) deadline of a follow.
        if follow, let reason = UnixSocketProbe.failure(connectingTo: socketPath) {
            throw LedgerClientError.unreachable(socketPath, reason)
        }
        var query: [(String, String)] = follow ? [("follow", "true")] : []
        if let from { query.append(("from", String(from))) }
        if let to { query.append(("to", String(to))) }
        if let subject { query.append(("subject", subject)) }
        if let limit { query.append(("limit", String(limit))) }
        let response = try await execute(
            .GET, "/v1/events", query: query, body: nil, contentType: nil, timeout: follow ? .hours(24 * 365) : .hours(24))
        guard response.status == .ok else {
            throw try await refusal(response.status, body: Array(buffer: response.body.collect(upTo: 1 << 20)))
        }
        var chunks = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await chunks.next()
            } catch {
                throw LedgerClientError.unreachable(socketPath, "the connection broke during the replay: \(error)")
            }
            guard let chunk else { return }
            try await body(chunk)
        }
    }

    // MARK: Transport

    private func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil, timeout: TimeAmount? = nil
    ) async throws -> [UInt8] {
        let response = try await execute(
            method, path, query: query, body: body, contentType: contentType,
            timeout: timeout
                ?? .nanoseconds(
                    Int64(self.timeout.components.seconds) * 1_000_000_000
                        + self.timeout.components.attoseconds / 1_000_000_000))
        let bytes: [UInt8]
        do {
            bytes = Array(buffer: try await response.body.collect(upTo: 256 << 20))
        } catch {
            throw LedgerClientError.unreachable(socketPath, error)
        }
        guard (200..<300).contains(response.status.code) else { throw refusal(response.status, body: bytes) }
        return bytes
    }

    private func execute(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: [UInt8]?, contentType: String?,
        timeout: TimeAmount
    ) async throws -> HTTPClientResponse {
        var components = URLComponents()
        components.path = path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let uri = components.percentEncodedPath.isEmpty ? nil : components.string,
            let url = URL(httpURLWithSocketPath: socketPath, uri: uri)
        else {
            throw LedgerClientError(kind: .unreachable, message: "The socket path \(socketPath) cannot be used in a URL.")
        }
        // AsyncHTTPClient keeps retrying a socket that refuses connections until the deadline; so until a
        // socket has answered once in this process, ask it directly first, to fail at once with the reason.
        if !Self.reachedSockets.withLock({ $0.contains(socketPath) }) {
            if let reason = UnixSocketProbe.failure(connectingTo: socketPath) {
                throw LedgerClientError.unreachable(socketPath, reason)
            }
            Self.reachedSockets.withLock { _ = $0.insert(socketPath) }
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.body = .bytes(body)
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        do {
            return try await http.execute(request, timeout: timeout)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw LedgerClientError(
                kind: .unreachable,
                message:
                    "ledgerd at \(socketPath) took the connection but did not answer within \(Self.seconds(timeout)) s; it may be "
                    + "stuck or overloaded. Check its log, or give more time with --timeout.")
        } catch {
            throw LedgerClientError.unreachable(socketPath, error)
        }
    }

    private func refusal(_ status: HTTPResponseStatus, body: [UInt8]) -> any Error {
        if let decoded = try? JSONValueDecoder().decode(APIErrorBody.self, from: body) {
            return decoded.ledgerError
        }
        return LedgerClientError(
            kind: .invalidResponse,
            message: "ledgerd at \(socketPath) answered \(status.code) \(status.reasonPhrase) without an error body.")
    }

    private func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONValueDecoder().decode(type, from: bytes)
        } catch {
            throw LedgerClientError(
                kind: .invalidResponse, message: "ledgerd at \(socketPath) answered with a body that is not \(T.self): \(error)")
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    private static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
