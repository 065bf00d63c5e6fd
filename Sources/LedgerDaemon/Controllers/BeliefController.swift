import Hummingbird
import LedgerKit

/// The belief views: `GET /v1/belief`, `/v1/history`, `/v1/claims`, `/v1/subjects`, `/v1/contested`.
struct BeliefController {
    let store: LedgerStore
    let access: AccessControl
    static let defaultPageSize = 100
    static let maximumPageSize = 10_000

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/v1/belief", use: belief)
        router.get("/v1/history", use: history)
        router.get("/v1/claims", use: claims)
        router.get("/v1/subjects", use: subjects)
        router.get("/v1/contested", use: contested)
    }

    @Sendable func belief(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let subject = try query.required("subject")
        let horizon = try query.horizon()
        guard let belief = try store.belief(subject: subject, predicate: query.get("predicate"), horizon: horizon) else {
            throw LedgerError(
                code: .notFound, message: "No claim is about the subject \(subject); check its spelling with ledgerctl subjects.")
        }
        return JSONResponse.make(bytes: belief.jsonBytes)
    }

    @Sendable func history(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let subject = try query.required("subject")
        let window = HistoryWindow(
            validFrom: try query.time("valid_from"), validTo: try query.time("valid_to"),
            recordedFrom: try query.time("recorded_from"),
            recordedTo: try query.time("recorded_to"))
        let at = try query.time("at") ?? .distantFuture
        let store = self.store
        guard let entries = try await store.readingLog({ try store.history(subject: subject, window: window, at: at) }) else {
            throw LedgerError(
                code: .notFound, message: "No claim is about the subject \(subject); check its spelling with ledgerctl subjects.")
        }
        return try JSONResponse.make(HistoryResponse(subject: subject, events: entries))
    }

    @Sendable func claims(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let source = try query.required("source")
        let limit = min(try query.count("limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let claims = try store.claims(
            bySource: source, after: try query.seq("after") ?? 0, limit: limit,
            horizon: try query.horizon())
        return try JSONResponse.make(
            ClaimsResponse(
                source: source, claims: claims, nextAfter: claims.count == limit ? claims.last?.seq : nil))
    }

    @Sendable func subjects(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let limit = min(try query.count("limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let subjects = try store.subjects(prefix: query.get("prefix") ?? "", after: query.get("after"), limit: limit)
        return try JSONResponse.make(
            SubjectsResponse(
                subjects: subjects, nextAfter: subjects.count == limit ? subjects.last?.subject : nil))
    }

    @Sendable func contested(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = try Query(request)
        let limit = min(try query.count("limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let horizon = try query.horizon()
        let found = try store.contested(horizon: horizon, after: query.get("after"), limit: limit)
        let subjectCount = Set(found.map(\.subject.exact)).count
        return try JSONResponse.make(
            ContestedResponse(
                at: horizon.at.rfc3339, asOf: horizon.asOf.rfc3339, contested: found,
                nextAfter: subjectCount == limit ? found.last?.subject : nil))
    }
}
