import Hummingbird
import LedgerKit
import NIOCore

/// `GET /v1/audit/head`, `/inclusion`, `/consistency`, `/checkpoint` and `/leaves`, and `GET /v1/receipt`.
struct AuditController {
    let store: LedgerStore
    let access: AccessControl
    let signer: NoteSigner
    let origin: String

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/v1/audit/head", use: head)
        router.get("/v1/audit/inclusion", use: inclusion)
        router.get("/v1/audit/consistency", use: consistency)
        router.get("/v1/audit/checkpoint", use: checkpoint)
        router.get("/v1/audit/leaves", use: leaves)
        router.get("/v1/audit/log", use: logRecords)
        router.get("/v1/receipt", use: receipt)
    }

    @Sendable func head(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        return try JSONResponse.make(try store.treeHead(size: try Query(request).seq("tree_size")))
    }

    @Sendable func inclusion(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        guard let seq = try query.seq("seq") else {
            throw APIError(.badRequest, code: .badRequest, "The query parameter seq is required.")
        }
        return try JSONResponse.make(try store.inclusionProof(seq: seq, treeSize: try query.seq("tree_size")))
    }

    @Sendable func consistency(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        guard let first = try query.seq("first") else {
            throw APIError(.badRequest, code: .badRequest, "The query parameter first is required.")
        }
        let second = try query.seq("second") ?? store.head()
        return try JSONResponse.make(try store.consistencyProof(first: first, second: second))
    }

    /// A belief receipt: the belief, the signed checkpoint it was computed at, the events and their proofs.
    @Sendable func receipt(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let subject = try query.required("subject")
        let (predicate, horizon) = (query.get("predicate"), try query.horizon())
        let (store, origin, signer) = (self.store, self.origin, self.signer)
        guard
            let receipt = try await store.readingLog({
                try store.receipt(subject: subject, predicate: predicate, horizon: horizon, origin: origin, signer: signer)
            })
        else {
            throw LedgerError(
                code: .notFound, message: "No claim is about the subject \(subject); check its spelling with ledgerctl subjects.")
        }
        return try JSONResponse.make(receipt)
    }

    /// The current tree head as a signed note (`text/plain`).
    @Sendable func checkpoint(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let head = try store.treeHead()
        let note = try signer.sign(Checkpoint(origin: origin, treeSize: head.treeSize, rootHash: Hex.decode(head.rootHash)!).body)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: note)))
    }

    /// What the log records beside its events (its head, the tree heads it committed), for `audit verify`
    /// to check against the events themselves.
    @Sendable func logRecords(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let (from, limit) = (try query.seq("from") ?? 0, min(try query.count("limit") ?? 10_000, 100_000))
        let store = self.store
        return try JSONResponse.make(try await store.readingLog { try store.logRecords(from: from, limit: limit) })
    }

    /// Stored leaf hashes from `from`, one hex line each, for `ledgerctl audit verify` to name the first
    /// event whose bytes no longer match.
    @Sendable func leaves(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let (from, limit) = (try query.seq("from") ?? 1, min(try query.count("limit") ?? 10_000, 100_000))
        let store = self.store
        let hashes = try await store.readingLog { try store.leafHashes(from: from, limit: limit) }
        var buffer = ByteBuffer()
        for hash in hashes {
            buffer.writeString(Hex.encode(hash))
            buffer.writeString("\n")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: buffer))
    }
}
