import Hummingbird
import LedgerKit
import NIOCore

/// `POST /v1/events` (append), `GET /v1/events` (replay as NDJSON) and `GET /v1/events/{id}`.
struct EventsController {
    let queries: LedgerQueries
    let writer: EventWriter
    let feed: CommitFeed
    let access: AccessControl
    let limits: DaemonConfiguration.Limits

    func addRoutes(reading: RouterGroup<LedgerRequestContext>, writing: RouterGroup<LedgerRequestContext>) {
        writing.post("/v1/events", use: append)
        reading.get("/v1/events", use: replay)
        reading.get("/v1/events/{id}", use: event)
    }

    @Sendable func append(_ request: Request, context: LedgerRequestContext) async throws -> Response {
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
        try access.authorize(context.peer, toWrite: Set(drafts.map(\.body.type)))
        // Sealed and encoded here, on the request's thread: the writer only checks, splices and hashes.
        let prepared = PreparedBatch(
            drafts, actor: context.peer?.userName ?? "", expectedHead: decoded.expectedHead,
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
        let raw = try context.parameters.require("id")
        guard let id = PercentDecoding.decode(raw.utf8, plusIsSpace: false) else {
            throw APIError(.badRequest, code: .badRequest, "The event id in the path is not percent-encoded UTF-8: \(raw).")
        }
        guard let stored = try await queries.event(id: id) else {
            throw LedgerError(code: .notFound, message: "No event has the id \(id).")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: stored.bytes)))
    }

    /// Streams the events in `seq` order as NDJSON; with `follow=true`, then each new event as it
    /// commits, until `to` or `limit` is reached, the client leaves, or the daemon stops (the feed closes
    /// at shutdown).
    @Sendable func replay(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let follow = try query.flag("follow")
        let start = ReplayCursor(
            next: max(try query.seq("from") ?? 1, 1), to: try query.seq("to") ?? UInt64.max,
            remaining: try query.count("limit") ?? Int.max, subject: query.get("subject"))
        let (queries, feed) = (self.queries, self.feed)
        let body = ResponseBody { writer in
            var cursor = start
            while true {
                while let chunk = try await cursor.nextChunk(from: queries) { try await writer.write(chunk) }
                guard follow, !cursor.isFinished, await feed.head(after: cursor.next - 1) != nil else { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }
}
