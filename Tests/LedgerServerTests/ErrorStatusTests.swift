import HTTPTypes
import LedgerKit
import Testing

@testable import LedgerServer

/// Every refusal a client can cause, through the router: its status, its code and field in the
/// documented shape, and nothing written.
@Suite("Each refusal has its status and code")
struct ErrorStatusTests {
    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var method: HTTPRequest.Method = .post
        var path = "/v1/events"
        var caller: PeerIdentity = Caller.daemon
        var body: String?
        var status: Int
        var code: String
        var field: String?
    }

    static let claim = #""type":"assert","subject":"s","predicate":"p","object":1,"source":"x""#

    static func batch(_ events: String...) -> String { #"{"events":[\#(events.joined(separator: ","))]}"# }

    /// Refusals, each against the ledger `seed` leaves: `kept` (with evidence), `plain` (without), `gone`
    /// (retracted) and `said` (its evidence erased), four claims about `s` and their two events.
    static let cases: [Case] = [
        Case(description: "malformed JSON", body: #"{"events":[{]}"#, status: 400, code: "invalid_json"),
        Case(description: "not an object", body: "[1,2]", status: 400, code: "invalid_batch"),
        Case(description: "no events", body: batch(), status: 400, code: "invalid_batch"),
        Case(
            description: "wrong type", body: batch(#"{"type":"assert","subject":5,"predicate":"p","object":1,"source":"x"}"#),
            status: 400, code: "wrong_type", field: "subject"),
        Case(
            description: "missing field", body: batch(#"{"type":"assert","subject":"s","object":1,"source":"x"}"#),
            status: 400, code: "missing_field", field: "predicate"),
        Case(
            description: "unknown field", body: batch(#"{\#(claim),"colour":"red"}"#), status: 400,
            code: "unknown_field", field: "colour"),
        Case(
            description: "forged actor", body: batch(#"{\#(claim),"actor":"mallory"}"#), status: 400,
            code: "field_set_by_daemon", field: "actor"),
        Case(
            description: "a time that is not RFC 3339", body: batch(#"{\#(claim),"effective_at":"yesterday"}"#),
            status: 400, code: "invalid_value", field: "effective_at"),
        Case(
            description: "a grade that is no letter",
            body: batch(
                "{\(claim)}", #"{"type":"assert","subject":"source:x","predicate":"reliability","object":"A+","source":"desk"}"#),
            status: 400, code: "invalid_value", field: "object"),
        Case(
            description: "an affiliation that is no name",
            body: batch(#"{"type":"assert","subject":"source:x","predicate":"part_of","object":{"name":"y"},"source":"desk"}"#),
            status: 400, code: "invalid_value", field: "object"),
        Case(
            description: "nine conduits", body: batch(#"{\#(claim),"via":["a","b","c","d","e","f","g","h","i"]}"#),
            status: 400, code: "invalid_value", field: "via"),
        Case(
            description: "a conduit that is no string", body: batch(#"{\#(claim),"via":["a",1]}"#), status: 400,
            code: "wrong_type", field: "via"),
        Case(
            description: "an unknown basis", body: batch(#"{\#(claim),"basis":"heard"}"#), status: 400,
            code: "invalid_value", field: "basis"),
        Case(
            description: "via on a retraction",
            body: batch(#"{"type":"retract","target":"kept","reason":"r","via":["a"]}"#), status: 400,
            code: "unknown_field", field: "via"),
        Case(
            description: "an unknown batch field", body: #"{"events":[{\#(claim)}],"expected_tail":1}"#, status: 400,
            code: "unknown_field", field: "expected_tail"),
        Case(
            description: "an id reused with other content",
            body: batch(#"{"type":"assert","subject":"s","predicate":"p","object":2,"source":"x","id":"plain"}"#),
            status: 409, code: "id_conflict", field: "id"),
        Case(
            description: "a retraction of nothing", body: batch(#"{"type":"retract","target":"nothing","reason":"r"}"#),
            status: 404, code: "unknown_target", field: "target"),
        Case(
            description: "a second retraction", body: batch(#"{"type":"retract","target":"gone","reason":"again"}"#),
            status: 409, code: "already_retracted", field: "target"),
        Case(
            description: "a retraction of a retraction",
            body: batch(#"{"type":"retract","target":"gone-retraction","reason":"r"}"#), status: 400,
            code: "invalid_target", field: "target"),
        Case(
            description: "the head moved", body: #"{"events":[{\#(claim)}],"expected_head":1}"#, status: 409,
            code: "head_moved"),
        Case(
            description: "the subject moved", body: #"{"events":[{\#(claim)}],"expected_subject_seq":{"s":1}}"#,
            status: 409, code: "subject_moved"),
        Case(
            description: "an erasure of a claim without evidence",
            body: batch(#"{"type":"erase","target":"plain","reason":"r"}"#), status: 409, code: "not_erasable",
            field: "target"),
        Case(
            description: "a second erasure", body: batch(#"{"type":"erase","target":"said","reason":"again"}"#),
            status: 409, code: "already_erased", field: "target"),
        Case(
            description: "an event over the size limit",
            body: batch(#"{\#(claim),"evidence":{"quote":"\#(String(repeating: "q", count: 2_000))"}}"#), status: 413,
            code: "event_too_large"),
        Case(
            description: "a batch over the count limit",
            body: batch(Array(repeating: "{\(claim)}", count: 6).joined(separator: ",")), status: 413,
            code: "batch_too_large"),
        Case(
            description: "a body over the limit",
            body: batch(#"{\#(claim),"evidence":{"note":"\#(String(repeating: "n", count: 70_000))"}}"#), status: 413,
            code: "body_too_large"),
        Case(description: "an unknown path", method: .get, path: "/v1/nothing", status: 404, code: "not_found"),
        Case(description: "an unknown event", method: .get, path: "/v1/events/nothing", status: 404, code: "not_found"),
        Case(
            description: "a subject with no belief", method: .get, path: "/v1/belief?subject=nobody", status: 404,
            code: "not_found"),
        Case(
            description: "a method the path does not take", method: .delete, path: "/v1/events", status: 405,
            code: "method_not_allowed"),
        Case(
            description: "a parameter that is no number", method: .get, path: "/v1/events?from=first", status: 400,
            code: "bad_request"),
        Case(
            description: "a time parameter that is no time", method: .get, path: "/v1/belief?subject=s&at=noon",
            status: 400, code: "bad_request"),
        Case(
            description: "an inclusion proof past the tree", method: .get, path: "/v1/audit/inclusion?seq=99", status: 404,
            code: "not_found"),
        Case(
            description: "a restore into a ledger that holds events", path: "/v1/admin/restore",
            body: #"{"seq":1,"type":"assert"}"# + "\n", status: 409, code: "not_empty"),
        Case(description: "a backup with no directory", path: "/v1/admin/backup", body: "{}", status: 400, code: "bad_request"),
        Case(
            description: "a backup to a relative path", path: "/v1/admin/backup", body: #"{"directory":"backups/one"}"#,
            status: 400, code: "invalid_value"),
    ]

    static func seed(_ daemon: InProcessDaemon) async throws {
        try await daemon.append(
            [
                #"{\#(claim),"id":"kept","evidence":{"quote":"kept quote"}}"#,
                #"{"type":"assert","subject":"s","predicate":"p","object":3,"source":"x","id":"plain"}"#,
                #"{"type":"assert","subject":"s","predicate":"p","object":4,"source":"x","id":"gone"}"#,
                #"{"type":"retract","target":"gone","reason":"first","id":"gone-retraction"}"#,
            ].joined(separator: ","))
        try await daemon.append(
            [
                #"{"type":"assert","subject":"s","predicate":"p","object":5,"source":"x","id":"said","evidence":{"quote":"said quote"}}"#,
                #"{"type":"erase","target":"said","reason":"the source's safety"}"#,
            ].joined(separator: ","))
    }

    @Test func everyRefusalHasItsStatusAndCodeAndWritesNothing() async throws {
        try await InProcessDaemon.run(
            .configured {
                $0.limits.maximumEventBytes = 1024
                $0.limits.maximumRequestBytes = 65536
                $0.limits.maximumBatchEvents = 5
            }
        ) { daemon in
            try await Self.seed(daemon)
            let head = try daemon.ledger.head()
            #expect(head == 6)
            for item in Self.cases {
                let answer = try await daemon.request(item.method, item.path, as: item.caller, body: item.body)
                #expect(answer.status == item.status, "\(item): \(answer.text)")
                #expect(answer.error?.code == item.code, "\(item): \(answer.text)")
                #expect(answer.error?.field == item.field, "\(item): \(answer.text)")
                #expect(answer.error.map { !$0.message.isEmpty && $0.message.hasSuffix(".") } == true, "\(item)")
                #expect(answer.headers[.contentType] == "application/json", "\(item)")
                #expect(try daemon.ledger.head() == head, "\(item) wrote something")
            }
        }
    }

    @Test func aMethodNotAllowedNamesTheMethodsThePathTakes() async throws {
        try await InProcessDaemon.run { daemon in
            let answer = try await daemon.request(.put, "/v1/events")
            #expect(answer.status == 405)
            #expect(answer.headers[.allow] == "GET, POST")
        }
    }

    @Test func aFullMapIsInsufficientStorageAndWritesNothing() async throws {
        try await InProcessDaemon.run(
            .configured {
                $0.storage.initialMapMiB = 1
                $0.storage.maximumMapMiB = 1
            }
        ) { daemon in
            let quote = String(repeating: "q", count: 60_000)
            var answer = Answer(status: 200, headers: [:], body: [])
            var written = 0
            while answer.status == 200, written < 100 {
                answer = try await daemon.request(
                    .post, "/v1/events", as: Caller.daemon,
                    body: Self.batch(#"{\#(Self.claim),"evidence":{"note":"\#(quote)"}}"#))
                if answer.status == 200 { written += 1 }
            }
            #expect(answer.status == 507, "\(answer.text)")
            #expect(answer.error?.code == "storage_full")
            #expect(answer.error?.message.contains("nothing of this request was written") == true, "\(answer.text)")
            #expect(answer.error?.message.contains("storage.max_map_mib") == true, "\(answer.text)")
            #expect(try daemon.ledger.head() == UInt64(written))
            // Reads still answer.
            #expect(try await daemon.request(.get, "/v1/belief?subject=s", as: Caller.reader).status == 200)
        }
    }
}
