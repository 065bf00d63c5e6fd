import Hummingbird
import LedgerClient
import LedgerKit
import LedgerReport
import Mustache

/// Renders the desk's pages from the ledger's answers. Every call to the daemon goes through the
/// same ``LedgerClient`` as ledgerctl's, as the Unix user who started the desk; its blocking calls
/// run on Dispatch's threads (``LedgerClient/run(_:)``), never on Swift's cooperative pool.
struct DeskPages: Sendable {
    let client: LedgerClient
    let library: MustacheLibrary
    let feed: LiveFeed
    let jobs: VerificationJobs
    /// Who the daemon takes the desk's user for, and where it is, for every page's foot.
    let actor: String
    let endpoint: String

    init(client: LedgerClient, actor: String) throws {
        self.client = client
        self.actor = actor
        endpoint = "\(client.endpoint)"
        feed = LiveFeed(client: client)
        jobs = VerificationJobs(client: client)
        library = try HTMLText.library([
            "header": LayoutTemplates.header, "footer": LayoutTemplates.footer, "error": LayoutTemplates.error,
            "field": FormTemplates.field, "csrf": FormTemplates.csrf, "timeline": ReportTemplate.timeline,
            "contested": BrowseTemplates.contested, "search": BrowseTemplates.search, "subject": SubjectTemplates.subject,
            "newClaim": RecordTemplates.newClaim, "source": RecordTemplates.source, "event": RecordTemplates.event,
            "audit": RecordTemplates.audit, "verification": RecordTemplates.verification,
        ])
    }

    /// A blocking client call, awaited off the cooperative pool.
    func ledger<T: Sendable>(_ body: @escaping @Sendable (LedgerClient) throws -> T) async throws -> T {
        try await client.run(body)
    }

    /// A page: `template` with the frame's values (title, the CSRF token, the search box) added.
    func page(
        _ template: String, title: String, context: DeskRequestContext, values: [String: Any],
        status: HTTPResponse.Status = .ok, searchPrefix: String = ""
    ) -> Response {
        var values = values
        values["title"] = title
        values["csrf"] = context.csrf
        values["searchPrefix"] = searchPrefix
        values["actor"] = actor
        values["endpoint"] = endpoint
        return PageResponse.html(library.render(values, withTemplate: template) ?? "", status: status)
    }

    /// The page that says why a request cannot be answered.
    func errorPage(_ error: DeskError) -> Response {
        let title = error.status.code == 404 ? "Not found" : error.status.code < 500 ? "Refused" : "The desk cannot answer"
        let values: [String: Any] = [
            "title": title, "message": error.message, "home": error.status.code != 401, "searchPrefix": "", "actor": actor,
            "endpoint": endpoint,
        ]
        return PageResponse.html(library.render(values, withTemplate: "error") ?? "", status: error.status)
    }
}

/// The desk's own addresses; every name goes in a query, percent-encoded by bytes, so `/` and `?` in a
/// subject, and two Unicode-equivalent names, stay distinct pages.
enum Link {
    static func subject(_ name: String, at: String? = nil, asOf: String? = nil) -> String {
        "/subject" + QueryString.make(["name": name, "at": at, "as_of": asOf])
    }
    static func source(_ name: String) -> String { "/source" + QueryString.make(["name": name]) }
    static func event(_ id: String) -> String { "/event" + QueryString.make(["id": id]) }
}

/// Reads a time the user typed as the daemon's API does: RFC 3339, or a date meaning its start in UTC.
enum DeskTime {
    /// `nil` for an empty field (now); the sentence to show beside the field when it cannot be used.
    static func parse(_ text: String?, field: String) -> Result<Timestamp?, DeskError> {
        guard let text, !text.isEmpty else { return .success(nil) }
        do {
            return .success(try Timestamp(parsingDateOrRFC3339: text))
        } catch .notRFC3339 {
            return .failure(
                DeskError(
                    .badRequest, "\(field) must be an RFC 3339 time (2015-12-07T18:30:00Z) or a date (2015-12-07), not “\(text)”."
                ))
        } catch {
            return .failure(DeskError(.badRequest, "\(field) “\(text)” cannot be used: \(error)."))
        }
    }
}
