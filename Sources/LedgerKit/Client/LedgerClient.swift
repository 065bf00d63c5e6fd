import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

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
    private let http: HTTPClient

    public init(socketPath: String) {
        self.socketPath = socketPath
        self.http = HTTPClient.shared
    }

    /// Appends a batch of events (`POST /v1/events`).
    public func append(_ request: AppendRequest) async throws -> AppendResponse {
        let body = CanonicalJSON.encode(request.jsonValue)
        return try await decode(AppendResponse.self, from: send(.POST, "/v1/events", body: body, contentType: "application/json"))
    }

    /// Appends events given as NDJSON, one event a line (`POST /v1/events`).
    public func append(ndjson: [UInt8]) async throws -> AppendResponse {
        try await decode(AppendResponse.self, from: send(.POST, "/v1/events", body: ndjson, contentType: "application/x-ndjson"))
    }

    /// The stored JSON of the event with `id` (`GET /v1/events/{id}`).
    public func event(id: String) async throws -> [UInt8] {
        try await send(.GET, "/v1/events/" + Self.pathSegment(id))
    }

    /// The daemon's state (`GET /v1/status`).
    public func status() async throws -> StatusResponse {
        try await decode(StatusResponse.self, from: send(.GET, "/v1/status"))
    }

    /// Whether the daemon serves (`GET /v1/health`).
    public func isHealthy() async -> Bool {
        (try? await send(.GET, "/v1/health")) != nil
    }

    /// Streams the ledger's events as stored (`GET /v1/events`), calling `body` with each NDJSON line
    /// (without its newline), in `seq` order.
    public func replay(
        from: UInt64? = nil, to: UInt64? = nil, subject: String? = nil, limit: Int? = nil,
        _ body: ([UInt8]) async throws -> Void
    ) async throws {
        var query: [(String, String)] = []
        if let from { query.append(("from", String(from))) }
        if let to { query.append(("to", String(to))) }
        if let subject { query.append(("subject", subject)) }
        if let limit { query.append(("limit", String(limit))) }
        let response = try await execute(.GET, "/v1/events", query: query, body: nil, contentType: nil, timeout: .hours(24))
        guard response.status == .ok else {
            throw try await refusal(response.status, body: Array(buffer: response.body.collect(upTo: 1 << 20)))
        }
        var pending: [UInt8] = []
        for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try await body(Array(pending[start..<newline]))
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try await body(pending) }
    }

    // MARK: Transport

    private func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil
    ) async throws -> [UInt8] {
        let response = try await execute(method, path, query: query, body: body, contentType: contentType, timeout: .seconds(120))
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
        // AsyncHTTPClient keeps retrying a socket that refuses connections until the deadline; ask once first.
        if let reason = UnixSocketProbe.failure(connectingTo: socketPath) {
            throw LedgerClientError.unreachable(socketPath, reason)
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.body = .bytes(body)
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        do {
            return try await http.execute(request, timeout: timeout)
        } catch {
            throw LedgerClientError.unreachable(socketPath, error)
        }
    }

    private func refusal(_ status: HTTPResponseStatus, body: [UInt8]) -> any Error {
        if let decoded = try? JSONDecoder().decode(APIErrorBody.self, from: Data(body)) {
            return decoded.ledgerError
        }
        return LedgerClientError(
            kind: .invalidResponse,
            message: "ledgerd at \(socketPath) answered \(status.code) \(status.reasonPhrase) without an error body.")
    }

    private func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw LedgerClientError(
                kind: .invalidResponse, message: "ledgerd at \(socketPath) answered with a body that is not \(T.self): \(error)")
        }
    }

    private static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
