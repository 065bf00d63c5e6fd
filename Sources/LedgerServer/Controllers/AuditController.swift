import Hummingbird
import LedgerKit
import NIOCore

/// `GET /v1/audit/head`, `/inclusion`, `/consistency`, `/checkpoint`, `/leaves` and `/log`, and
/// `GET /v1/receipt`.
struct AuditController {
    let queries: LedgerQueries
    let signer: NoteSigner
    let origin: String

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("/v1/audit/head", use: head)
        group.get("/v1/audit/inclusion", use: inclusion)
        group.get("/v1/audit/consistency", use: consistency)
        group.get("/v1/audit/checkpoint", use: checkpoint)
        group.get("/v1/audit/leaves", use: leaves)
        group.get("/v1/audit/log", use: logRecords)
        group.get("/v1/receipt", use: receipt)
    }

    @Sendable func head(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        try JSONResponse.make(TreeHead(try queries.treeHead(size: try Query(request).seq("tree_size"))))
    }

    @Sendable func inclusion(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        guard let seq = try query.seq("seq") else {
            throw APIError(.badRequest, code: .badRequest, "The query parameter seq is required.")
        }
        return try JSONResponse.make(InclusionProof(try queries.inclusionProof(seq: seq, treeSize: try query.seq("tree_size"))))
    }

    @Sendable func consistency(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        guard let first = try query.seq("first") else {
            throw APIError(.badRequest, code: .badRequest, "The query parameter first is required.")
        }
        return try JSONResponse.make(
            ConsistencyProof(try queries.consistencyProof(first: first, second: try query.seq("second"))))
    }

    /// A belief receipt: the belief, the signed checkpoint it was computed at, the events and their proofs.
    @Sendable func receipt(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let subject = try query.required("subject")
        guard
            let receipt = try await queries.receipt(
                subject: subject, predicate: query.get("predicate"), horizon: try query.horizon(), origin: origin, signer: signer)
        else { throw LedgerError.noClaims(about: subject) }
        return try JSONResponse.make(receipt)
    }

    /// The current tree head as a signed note (`text/plain`).
    @Sendable func checkpoint(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let head = try queries.treeHead()
        let note = try signer.sign(Checkpoint(origin: origin, treeSize: head.size, rootHash: head.root).body)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: note)))
    }

    /// Stored leaf hashes from `from`, one hex line each, for `ledgerctl audit verify` to compare with the
    /// events' bytes.
    @Sendable func leaves(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let (from, limit) = (try query.seq("from") ?? 1, min(try query.count("limit") ?? 10_000, 100_000))
        var buffer = ByteBuffer()
        for hash in try await queries.leafHashes(from: from, limit: limit) {
            buffer.writeString(Hex.encode(hash))
            buffer.writeString("\n")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: buffer))
    }

    /// What the log records beside its events (its head, the tree heads it committed), for `audit verify`
    /// to check against the events themselves.
    @Sendable func logRecords(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let (from, limit) = (try query.seq("from") ?? 0, min(try query.count("limit") ?? 10_000, 100_000))
        return try JSONResponse.make(LogRecordsResponse(try await queries.logRecords(from: from, limit: limit)))
    }
}
