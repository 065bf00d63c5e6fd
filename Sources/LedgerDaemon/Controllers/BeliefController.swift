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
        let query = request.uri.queryParameters
        let subject = try QueryParameter.required(query, "subject")
        let horizon = try QueryParameter.horizon(query)
        guard let belief = try store.belief(subject: subject, predicate: query.get("predicate"), horizon: horizon) else {
            throw LedgerError(code: .notFound, message: "No claim is about the subject \(subject); check its spelling with ledgerctl subjects.")
        }
        return JSONResponse.make(bytes: belief.jsonBytes)
    }

    @Sendable func history(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = request.uri.queryParameters
        let subject = try QueryParameter.required(query, "subject")
        let window = HistoryWindow(
            validFrom: try QueryParameter.time(query, "valid_from"), validTo: try QueryParameter.time(query, "valid_to"),
            recordedFrom: try QueryParameter.time(query, "recorded_from"),
            recordedTo: try QueryParameter.time(query, "recorded_to"))
        let at = try QueryParameter.time(query, "at") ?? .distantFuture
        guard let entries = try store.history(subject: subject, window: window, at: at) else {
            throw LedgerError(code: .notFound, message: "No claim is about the subject \(subject); check its spelling with ledgerctl subjects.")
        }
        return try JSONResponse.make(HistoryResponse(subject: subject, events: entries))
    }

    @Sendable func claims(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = request.uri.queryParameters
        let source = try QueryParameter.required(query, "source")
        let limit = min(try QueryParameter.count(query, "limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let claims = try store.claims(
            bySource: source, after: try QueryParameter.seq(query, "after") ?? 0, limit: limit,
            horizon: try QueryParameter.horizon(query))
        return try JSONResponse.make(ClaimsResponse(
            source: source, claims: claims, nextAfter: claims.count == limit ? claims.last?.seq : nil))
    }

    @Sendable func subjects(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = request.uri.queryParameters
        let limit = min(try QueryParameter.count(query, "limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let subjects = try store.subjects(prefix: query.get("prefix") ?? "", after: query.get("after"), limit: limit)
        return try JSONResponse.make(SubjectsResponse(
            subjects: subjects, nextAfter: subjects.count == limit ? subjects.last?.subject : nil))
    }

    @Sendable func contested(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        let query = request.uri.queryParameters
        let limit = min(try QueryParameter.count(query, "limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let horizon = try QueryParameter.horizon(query)
        let found = try store.contested(horizon: horizon, after: query.get("after"), limit: limit)
        let subjectCount = Set(found.map(\.subject.exact)).count
        return try JSONResponse.make(ContestedResponse(
            at: horizon.at.rfc3339, asOf: horizon.asOf.rfc3339, contested: found,
            nextAfter: subjectCount == limit ? found.last?.subject : nil))
    }
}
