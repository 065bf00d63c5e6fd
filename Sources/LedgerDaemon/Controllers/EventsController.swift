import Hummingbird
import LedgerKit
import NIOCore

/// `POST /v1/events` (append), `GET /v1/events` (replay as NDJSON) and `GET /v1/events/{id}`.
struct EventsController {
    let store: LedgerStore
    let writer: EventWriter
    let access: AccessControl
    let limits: DaemonConfiguration.Limits
    /// Events read per snapshot while streaming a replay; short snapshots keep LMDB's free pages reusable.
    static let replayPageSize = 1_000

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post("/v1/events", use: append)
        router.get("/v1/events", use: replay)
        router.get("/v1/events/{id}", use: event)
    }

    @Sendable func append(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let peer = try access.authorize(context, to: .append)
        let body = try await request.body.collect(upTo: limits.maximumRequestBytes)
        let isNDJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/x-ndjson") == true
        let batch = try body.withUnsafeReadableBytes { bytes in
            try isNDJSON ? AppendRequest(ndjson: bytes) : AppendRequest(json: bytes)
        }
        guard !batch.events.isEmpty else {
            throw LedgerError(code: .invalidBatch, message: "The request has no events; send at least one.")
        }
        guard batch.events.count <= limits.maximumBatchEvents else {
            throw LedgerError(
                code: .batchTooLarge,
                message: "The request has \(batch.events.count) events, over the limit of \(limits.maximumBatchEvents) "
                    + "(limits.max_batch_events); split it into smaller batches.")
        }
        let drafts = try EventDecoder.drafts(from: batch.events)
        let result = try await writer.append(AppendBatch(
            drafts: drafts, actor: peer.userName, expectedHead: batch.expectedHead, expectedSubjectSeqs: batch.expectedSubjectSeqs))
        return JSONResponse.make(bytes: AppendResponse(result).jsonBytes)
    }

    @Sendable func event(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let id = try context.parameters.require("id")
        guard let stored = try store.event(id: id) else {
            throw LedgerError(code: .notFound, message: "No event has the id \(id).")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: stored.bytes)))
    }

    @Sendable func replay(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = request.uri.queryParameters
        let from = try QueryParameter.seq(query, "from") ?? 1
        let to = try QueryParameter.seq(query, "to") ?? UInt64.max
        let limit = try QueryParameter.count(query, "limit") ?? Int.max
        let subject = query.get("subject")
        if let follow = query.get("follow"), follow != "false" {
            throw APIError(.badRequest, code: .badRequest, "follow=\(follow) is not supported yet; replay without it.")
        }
        let store = self.store
        // With a subject, the index names the events; without, every seq in the range is one.
        let touching = try subject.map { try store.seqs(touching: $0).filter { $0 >= from && $0 <= to } }
        let body = ResponseBody { writer in
            var next = max(from, 1)
            var remaining = limit
            var listed = touching?[...]
            while remaining > 0, next <= to {
                var chunk = ByteBuffer()
                var last: UInt64?
                if let pending = listed {
                    let page = pending.prefix(min(remaining, Self.replayPageSize))
                    guard !page.isEmpty else { break }
                    for seq in page {
                        guard let event = try store.event(seq: seq) else { continue }
                        chunk.writeBytes(event.bytes)
                        chunk.writeInteger(UInt8(ascii: "\n"))
                        remaining -= 1
                    }
                    listed = pending.dropFirst(page.count)
                    last = page.last
                } else {
                    try store.forEachEvent(in: next...to) { seq, bytes in
                        last = seq
                        chunk.writeBytes(bytes)
                        chunk.writeInteger(UInt8(ascii: "\n"))
                        remaining -= 1
                        return remaining > 0 && seq - next + 1 < UInt64(Self.replayPageSize)
                    }
                }
                guard let last else { break }
                if chunk.readableBytes > 0 { try await writer.write(chunk) }
                next = last + 1
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }
}
