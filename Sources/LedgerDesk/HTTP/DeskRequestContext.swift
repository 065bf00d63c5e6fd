public import Hummingbird

/// Each request's context: Hummingbird's storage, the browser's session and a form's fields, both set
/// by ``DeskGuard`` before any page sees the request.
public struct DeskRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The browser session (every page but the guard's refusals has one).
    var session: DeskSessions.Session?
    /// A POST's fields, read and checked for the CSRF token by the guard.
    var form = FormFields()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Forms are small: a claim with its quote and note.
    public var maxUploadSize: Int { 1 << 20 }

    /// The session's CSRF token, for the forms a page renders.
    var csrf: String { session?.csrf ?? "" }
}
