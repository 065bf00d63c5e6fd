import Hummingbird
import LedgerKit
import NIOCore
import ServiceLifecycle

/// `POST /v1/events` (append), `GET /v1/events` (replay as NDJSON) and `GET /v1/events/{id}`.
struct EventsController {
    let store: LedgerStore
    let writer: EventWriter
    let feed: CommitFeed
    let access: AccessControl
    let limits: DaemonConfiguration.Limits
    let metrics: LedgerMetrics
    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post("/v1/events", use: append)
        router.get("/v1/events", use: replay)
        router.get("/v1/events/{id}", use: event)
    }

    @Sendable func append(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        do {
            let response = try await appendBody(request, context: context)
            metrics.appendRequest(.appended)
            return response
        } catch {
            // The client's mistakes (4xx) are refusals; the daemon's failures (5xx) are failures.
            metrics.appendRequest(APIError(describing: error).status.code < 500 ? .refused : .failed)
            throw error
        }
    }

    private func appendBody(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let peer = try access.authorize(context, toWrite: [])
        let body = try await request.body.collect(upTo: limits.maximumRequestBytes)
        let isNDJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/x-ndjson") == true
        let decoded = try body.withUnsafeReadableBytes { bytes in
            // Plainly right events straight from the bytes; anything else through the full path, which
            // names every problem.
            if let drafts = isNDJSON ? AppendRequest.plainDrafts(ndjson: bytes) : AppendRequest.plainDrafts(json: bytes) {
                try checkCount(drafts.count)
                return (drafts: drafts, expectedHead: UInt64?.none, expectedSubjectSeqs: [ExactString: UInt64]())
            }
            let batch = try isNDJSON ? AppendRequest(ndjson: bytes) : AppendRequest(json: bytes)
            try checkCount(batch.events.count)
            return (try EventDecoder.drafts(from: batch.events), batch.expectedHead, batch.expectedSubjectSeqs)
        }
        let drafts = decoded.drafts
        _ = try access.authorize(context, toWrite: Set(drafts.map(\.body.type)))
        // Sealed and encoded here, on the request's thread: the writer only checks, splices and hashes.
        let prepared = PreparedBatch(
            drafts, actor: peer.userName, expectedHead: decoded.expectedHead,
            expectedSubjectSeqs: decoded.expectedSubjectSeqs)
        let result = try await writer.append(.append(prepared))
        return JSONResponse.make(bytes: AppendResponse(result).jsonBytes)
    }

    /// Refuses a batch with no events, or more than `limits.max_batch_events`.
    private func checkCount(_ count: Int) throws {
        guard count > 0 else {
            throw LedgerError(code: .invalidBatch, message: "The request has no events; send at least one.")
        }
        guard count <= limits.maximumBatchEvents else {
            throw LedgerError(
                code: .batchTooLarge,
                message: "The request has \(count) events, over the limit of \(limits.maximumBatchEvents) "
                    + "(limits.max_batch_events); split it into smaller batches.")
        }
    }

    @Sendable func event(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let raw = try context.parameters.require("id")
        guard let id = PercentDecoding.decode(raw.utf8, plusIsSpace: false) else {
            throw APIError(.badRequest, code: .badRequest, "The event id in the path is not percent-encoded UTF-8: \(raw).")
        }
        let store = self.store
        guard let stored = try await store.readingLog({ try store.event(id: id) }) else {
            throw LedgerError(code: .notFound, message: "No event has the id \(id).")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: stored.bytes)))
    }

    /// Streams the events in `seq` order as NDJSON; with `follow=true`, then each new event as it
    /// commits, until `to` or `limit` is reached, the client leaves, or the daemon stops.
    @Sendable func replay(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let follow = try query.flag("follow")
        let start = ReplayCursor(
            next: max(try query.seq("from") ?? 1, 1), to: try query.seq("to") ?? UInt64.max,
            remaining: try query.count("limit") ?? Int.max, subject: query.get("subject"))
        let (store, feed) = (self.store, self.feed)
        let body = ResponseBody { writer in
            var cursor = start
            try await withGracefulShutdownHandler {
                while true {
                    while let chunk = try await cursor.nextChunk(reading: store) { try await writer.write(chunk) }
                    guard follow, !cursor.isFinished, await feed.head(after: cursor.next - 1) != nil else { break }
                }
            } onGracefulShutdown: {
                feed.close()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }
}

/// Where a replay is: the next `seq` to send, the last one wanted, and how many more may go.
struct ReplayCursor: Sendable {
    var next: UInt64
    let to: UInt64
    var remaining: Int
    let subject: String?
    /// Events read per snapshot; short snapshots keep LMDB's free pages reusable.
    static let pageSize = 1_000

    var isFinished: Bool { remaining <= 0 || next > to }

    /// ``nextChunk(from:)`` where a read of the log may wait (``LedgerStore/readingLog(_:)``).
    mutating func nextChunk(reading store: LedgerStore) async throws -> ByteBuffer? {
        let (chunk, moved) = try await store.readingLog { [self] in
            var moved = self
            return (try moved.nextChunk(from: store), moved)
        }
        self = moved
        return chunk
    }

    /// The next events as NDJSON, at most a page of them; `nil` when none is committed yet.
    mutating func nextChunk(from store: LedgerStore) throws -> ByteBuffer? {
        guard !isFinished else { return nil }
        var chunk = ByteBuffer()
        var count = 0
        let wanted = min(remaining, Self.pageSize)
        if let subject {
            // The head first: an event committed after it has a larger seq and is found next time.
            let head = try store.head()
            let (first, last) = (next, min(to, head))
            let seqs = try store.seqs(touching: subject).filter { $0 >= first && $0 <= last }.prefix(wanted)
            for seq in seqs {
                guard let event = try store.event(seq: seq) else { continue }
                chunk.writeBytes(event.bytes)
                chunk.writeInteger(UInt8(ascii: "\n"))
                count += 1
                next = seq + 1
            }
            if count < wanted { next = max(next, min(to, head) &+ 1) }
        } else {
            try store.forEachEvent(in: next...to) { seq, bytes in
                chunk.writeBytes(bytes)
                chunk.writeInteger(UInt8(ascii: "\n"))
                count += 1
                next = seq + 1
                return count < wanted
            }
        }
        remaining -= count
        return count > 0 ? chunk : nil
    }
}
