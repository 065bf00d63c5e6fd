import Hummingbird
import LedgerClient
import LedgerKit
import ServiceLifecycle

extension DeskPages {
    /// `GET /`: every contested subject and predicate now, a page of subjects at a time, and the live feed.
    func contested(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        let after = query.given("after")
        let (answer, head) = try await ledger { client in
            (try client.contested(after: after, limit: 50), try client.treeHead().treeSize)
        }
        let rows = answer.contested.map { row -> [String: Any] in
            [
                "subject": row.subject, "predicate": row.predicate, "link": Link.subject(row.subject),
                "candidates": row.candidates.map { CanonicalJSON.string($0.object) },
            ]
        }
        var values: [String: Any] = [
            "at": answer.at, "asOf": answer.asOf, "rows": rows, "count": String(rows.count), "head": String(head),
        ]
        if let next = answer.nextAfter { values["next"] = "/" + QueryString.make(["after": next]) }
        return page("contested", title: "Contested now", context: context, values: values)
    }

    /// `GET /search?prefix=`: subjects whose bytes begin with the prefix's, in byte order.
    func search(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        let prefix = query["prefix"] ?? ""
        let after = query.given("after")
        let answer = try await ledger { try $0.subjects(prefix: prefix, after: after, limit: 100) }
        let rows = answer.subjects.map { row -> [String: Any] in
            ["subject": row.subject, "events": String(row.events), "link": Link.subject(row.subject)]
        }
        var values: [String: Any] = ["rows": rows]
        if let next = answer.nextAfter { values["next"] = "/search" + QueryString.make(["prefix": prefix, "after": next]) }
        return page("search", title: "Subjects", context: context, values: values, searchPrefix: prefix)
    }

    /// `GET /feed?after=SEQ`: Server-Sent Events, one a new event, for the contested page's script.
    func liveFeed(_ request: Request, context: DeskRequestContext) async throws -> Response {
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        let after = query["after"].flatMap { UInt64($0) } ?? 0
        let stream = feed.listen(after: after)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": the ledger's newest events\n\n"))
                for await item in stream.cancelOnGracefulShutdown() where item.seq > after {
                    try await writer.write(ByteBuffer(string: "id: \(item.seq)\ndata: \(item.json)\n\n"))
                }
                try await writer.finish(nil)
            })
    }
}
