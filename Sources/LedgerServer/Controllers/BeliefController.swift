import Hummingbird
import LedgerKit

/// The belief views: `GET /v1/belief`, `/v1/history`, `/v1/claims`, `/v1/subjects`, `/v1/contested`,
/// `/v1/source`.
struct BeliefController {
    let queries: LedgerQueries
    static let defaultPageSize = 100
    static let maximumPageSize = 10_000

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("/v1/belief", use: belief)
        group.get("/v1/history", use: history)
        group.get("/v1/claims", use: claims)
        group.get("/v1/subjects", use: subjects)
        group.get("/v1/contested", use: contested)
        group.get("/v1/source", use: source)
    }

    @Sendable func source(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        return try JSONResponse.make(queries.source(name: try query.required("name"), horizon: try query.horizon()))
    }

    @Sendable func belief(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let subject = try query.required("subject")
        guard let belief = try queries.belief(subject: subject, predicate: query.get("predicate"), horizon: try query.horizon())
        else { throw LedgerError.noClaims(about: subject) }
        return JSONResponse.make(bytes: belief.jsonBytes)
    }

    @Sendable func history(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let subject = try query.required("subject")
        let window = HistoryWindow(
            validFrom: try query.time("valid_from"), validTo: try query.time("valid_to"),
            recordedFrom: try query.time("recorded_from"), recordedTo: try query.time("recorded_to"))
        guard
            let entries = try await queries.history(subject: subject, window: window, at: try query.time("at") ?? .distantFuture)
        else { throw LedgerError.noClaims(about: subject) }
        return try JSONResponse.make(HistoryResponse(subject: subject, events: entries))
    }

    @Sendable func claims(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let source = try query.required("source")
        let limit = min(try query.count("limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let claims = try queries.claims(
            bySource: source, after: try query.seq("after") ?? 0, limit: limit, horizon: try query.horizon())
        return try JSONResponse.make(
            ClaimsResponse(source: source, claims: claims, nextAfter: claims.count == limit ? claims.last?.seq : nil))
    }

    @Sendable func subjects(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let limit = min(try query.count("limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let subjects = try queries.subjects(prefix: query.get("prefix") ?? "", after: query.get("after"), limit: limit)
        return try JSONResponse.make(
            SubjectsResponse(subjects: subjects, nextAfter: subjects.count == limit ? subjects.last?.subject : nil))
    }

    @Sendable func contested(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let query = try Query(request)
        let limit = min(try query.count("limit") ?? Self.defaultPageSize, Self.maximumPageSize)
        let horizon = try query.horizon()
        let found = try queries.contested(horizon: horizon, after: query.get("after"), limit: limit)
        let subjectCount = Set(found.map(\.subject.exact)).count
        return try JSONResponse.make(
            ContestedResponse(
                at: horizon.at.rfc3339, asOf: horizon.asOf.rfc3339, contested: found,
                nextAfter: subjectCount == limit ? found.last?.subject : nil))
    }
}

extension LedgerError {
    /// No claim was ever about `subject`.
    static func noClaims(about subject: String) -> LedgerError {
        LedgerError(
            code: .notFound, message: "No claim is about the subject \(subject); check its spelling with ledgerctl subjects.")
    }
}
