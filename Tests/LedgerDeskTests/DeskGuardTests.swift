import HTTPTypes
import Testing

@testable import LedgerDesk

@Suite("The desk's guards")
struct DeskGuardTests {
    @Test("only 127.0.0.1 and localhost at the bound port are this desk")
    func hostCheck() {
        let address = DeskAddress()
        #expect(!address.accepts(host: "127.0.0.1:0"), "nothing is accepted before the socket is bound")
        address.bind(port: 8765)
        #expect(address.accepts(host: "127.0.0.1:8765"))
        #expect(address.accepts(host: "LOCALHOST:8765"))
        for host in ["127.0.0.1", "127.0.0.1:8766", "evil.example:8765", "127.0.0.1.evil.example:8765", "[::1]:8765", "", nil] {
            #expect(!address.accepts(host: host), "\(host ?? "no Host")")
        }
        #expect(address.accepts(origin: "http://127.0.0.1:8765"))
        #expect(!address.accepts(origin: "http://evil.example:8765"))
        #expect(!address.accepts(origin: "null"))
    }

    @Test("the launch token gives one session, once; another token none")
    func launchTokenIsSpentOnce() throws {
        let sessions = DeskSessions(launchToken: "secret")
        #expect(sessions.exchange(token: "other") == nil)
        #expect(sessions.exchange(token: "secre") == nil)
        let session = try #require(sessions.exchange(token: "secret"))
        #expect(sessions.exchange(token: "secret") == nil, "the token is spent")
        #expect(sessions.launchToken == nil)
        #expect(sessions.session(id: session.id)?.csrf == session.csrf)
        #expect(sessions.session(id: session.csrf) == nil)
        #expect(session.id.utf8.count == 64 && session.csrf.utf8.count == 64 && session.id != session.csrf)
    }

    @Test("the session cookie is found by its exact name")
    func cookieParsing() {
        let headers: HTTPFields = [.cookie: "ledger_desk_80=a; ledger_desk_8765=b; other=c"]
        #expect(DeskGuard.cookie(named: "ledger_desk_8765", in: headers) == "b")
        #expect(DeskGuard.cookie(named: "ledger_desk_876", in: headers) == nil)
        #expect(DeskGuard.cookie(named: "ledger_desk_8765", in: [:]) == nil)
    }

    @Test("every answer carries the strict policy")
    func securityHeaders() {
        var headers = HTTPFields()
        DeskGuard.secure(&headers)
        let policy = headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe"))
        #expect(policy.contains("frame-ancestors 'none'") && policy.contains("form-action 'self'"))
        #expect(headers[.xContentTypeOptions] == "nosniff")
        #expect(headers[.cacheControl] == "no-store")
    }
}
