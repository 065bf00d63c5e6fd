public import Hummingbird
public import LedgerClient
import LedgerKit
public import Logging

/// The desk as a Hummingbird application on 127.0.0.1: its routes, each behind ``DeskGuard``.
public enum DeskApplication {
    /// The router of every page. `sessions` holds the launch token; `address` learns the port once bound.
    public static func router(
        client: LedgerClient, actor: String, sessions: DeskSessions, address: DeskAddress, logger: Logger
    ) throws -> Router<DeskRequestContext> {
        let pages = try DeskPages(client: client, actor: actor)
        let router = Router(context: DeskRequestContext.self)
        router.add(middleware: DeskGuard(sessions: sessions, address: address, pages: pages, logger: logger))
        router.get("/assets/desk.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: DeskStyle.css)))
        }
        router.get("/assets/desk.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: DeskScript.javaScript)))
        }
        router.get("/") { try await pages.contested($0, context: $1) }
        router.get("/feed") { try await pages.liveFeed($0, context: $1) }
        router.get("/search") { try await pages.search($0, context: $1) }
        router.get("/subject") { try await pages.subject($0, context: $1) }
        router.get("/subject/receipt") { try await pages.receiptDownload($0, context: $1) }
        router.get("/subject/report") { try await pages.reportDownload($0, context: $1) }
        router.get("/source") { try await pages.source($0, context: $1) }
        router.post("/source/grade") { try await pages.recordSourceFact($0, context: $1, predicate: SourceFacts.reliability) }
        router.post("/source/part-of") { try await pages.recordSourceFact($0, context: $1, predicate: SourceFacts.partOf) }
        router.get("/event") { try await pages.event($0, context: $1) }
        router.post("/event/retract") { try await pages.recordFollowUp($0, context: $1, type: "retract") }
        router.post("/event/erase") { try await pages.recordFollowUp($0, context: $1, type: "erase") }
        router.get("/claim/new") { try await pages.newClaimForm($0, context: $1) }
        router.post("/claim/new") { try await pages.recordClaim($0, context: $1) }
        router.get("/audit") { try await pages.audit($0, context: $1) }
        router.post("/audit/verify") { try await pages.startVerification($0, context: $1) }
        router.get("/audit/verification") { try await pages.verification($0, context: $1) }
        router.get("/audit/verification.json") { try await pages.verificationProgress($0, context: $1) }
        return router
    }

    /// The application bound to 127.0.0.1 only, at `port` (0: any free port); `onReady` hears the URL
    /// with its launch token once the socket is bound.
    public static func application(
        client: LedgerClient, actor: String, port: Int, logger: Logger, onReady: @escaping @Sendable (String) -> Void
    ) throws -> some ApplicationProtocol {
        let sessions = DeskSessions()
        let address = DeskAddress()
        let router = try router(client: client, actor: actor, sessions: sessions, address: address, logger: logger)
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                address.bind(port: channel.localAddress?.port ?? port)
                onReady("\(address.origin)/?token=\(sessions.launchToken ?? "")")
            }, logger: logger)
    }
}
