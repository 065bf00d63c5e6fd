import HTTPTypes
import Hummingbird
import LedgerClient
import LedgerKit
import Logging
import NIOCore

/// What every request meets before a page: the `Host` check (DNS rebinding), the launch token's
/// exchange for a session cookie, the session itself, and for a POST its origin and CSRF token; then
/// the headers every answer carries. A refusal is a page that says why, and nothing is sent to ledgerd.
struct DeskGuard: RouterMiddleware {
    typealias Context = DeskRequestContext

    let sessions: DeskSessions
    let address: DeskAddress
    let pages: DeskPages
    let logger: Logger

    /// The session cookie's name carries the port: cookies are per host, not per port, so two desks on
    /// one machine must not overwrite each other's.
    var cookieName: String { "ledger_desk_\(address.boundPort)" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var response: Response
        do {
            response = try await guarded(request, context: context, next: next)
        } catch let error as DeskError {
            response = pages.errorPage(error)
        } catch let refusal as LedgerError {
            response = pages.errorPage(DeskError(refusal: refusal))
        } catch let error as LedgerClientError {
            response = pages.errorPage(DeskError(.badGateway, error.message))
        } catch let error as HTTPError {
            let message =
                error.status == .notFound
                ? "The desk has no such page." : error.body ?? "The desk cannot answer this request (\(error.status.code))."
            response = pages.errorPage(DeskError(error.status, message))
        } catch {
            logger.error("A page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = pages.errorPage(DeskError(.internalServerError, "The desk failed to build this page: \(error)."))
        }
        Self.secure(&response.headers)
        return response
    }

    private func guarded(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard address.accepts(host: request.head.authority) else {
            throw DeskError(
                .misdirectedRequest,
                "This desk answers only at \(address.origin)/: open the address it printed. (A request for another host name "
                    + "can be a web page trying to reach it through DNS rebinding.)")
        }
        // The stylesheet and the script are public, so that even a refusal is readable.
        if request.uri.path.utf8.starts(with: "/assets/".utf8) { return try await next(request, context) }
        let query = try FormFields(encoded: request.uri.query?.utf8 ?? "".utf8)
        if let token = query["token"] {
            guard request.method == .get, let session = sessions.exchange(token: token) else {
                throw DeskError(
                    .unauthorized,
                    "This link's token is spent or is not this desk's. Each link works once: start `ledgerctl desk` again for a new one."
                )
            }
            var response = PageResponse.redirect(to: request.uri.path.isEmpty ? "/" : request.uri.path)
            response.headers[.setCookie] = "\(cookieName)=\(session.id); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        guard let id = Self.cookie(named: cookieName, in: request.headers), let session = sessions.session(id: id) else {
            throw DeskError(
                .unauthorized, "Open the desk with the link `ledgerctl desk` printed; this browser has no session with it.")
        }
        var context = context
        context.session = session
        var request = request
        if request.method != .get && request.method != .head {
            if let origin = request.headers[.origin], !address.accepts(origin: origin) {
                throw DeskError(.forbidden, "A form from \(origin) cannot write to this desk's ledger; use the desk's own pages.")
            }
            if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
                throw DeskError(.forbidden, "A request from another site cannot write to this desk's ledger.")
            }
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: context.maxUploadSize)
            } catch is NIOTooManyBytesError {
                throw DeskError(.contentTooLarge, "The form is larger than the desk takes (1 MiB); shorten its quote or note.")
            } catch {
                throw DeskError(.badRequest, "The form arrived cut off (\(error)); send it again.")
            }
            context.form = try FormFields(encoded: body.readableBytesView)
            guard let csrf = context.form["csrf"], DeskSessions.sameBytes(csrf, session.csrf) else {
                throw DeskError(
                    .forbidden, "The form carries no valid desk token (CSRF); reload the page and send it again from there.")
            }
        }
        return try await next(request, context)
    }

    /// The value of cookie `name` in the request's `Cookie` fields.
    static func cookie(named name: String, in headers: HTTPFields) -> String? {
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].utf8.elementsEqual(name.utf8) {
                    return String(trimmed[trimmed.index(after: equals)...])
                }
            }
        }
        return nil
    }

    /// A strict Content-Security-Policy (only the desk's own stylesheet, script and connections; no
    /// inline script or style, no frame, no form to elsewhere), no sniffing or caching, and a referrer only
    /// to the desk itself (with none at all, browsers send `Origin: null`, which the CSRF check refuses).
    static func secure(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}
