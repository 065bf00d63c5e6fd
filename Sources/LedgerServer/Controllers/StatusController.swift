import Hummingbird
import LedgerKit

/// `GET /v1/status` and `GET /v1/health`.
struct StatusController {
    let ledger: Ledger
    let writer: EventWriter
    let access: AccessControl
    let socketPath: String
    let verifierKey: String
    let startedAt: ContinuousClock.Instant

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/v1/status", use: status)
        router.get("/v1/health") { _, _ in HTTPResponse.Status.ok }
    }

    /// Open to anyone who can reach the socket, so a refused user can see who ledgerd thinks they are.
    @Sendable func status(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = context.peer.map { peer in
            let permissions = access.policy.permissions(of: peer, daemonUID: access.daemonUID)
            return StatusResponse.Caller(
                user: peer.userName, uid: peer.uid, canAppend: permissions.canAppend, canRead: permissions.canRead)
        }
        let treeHead = try ledger.queries.treeHead()
        let counts = writer.commitCounts
        return try JSONResponse.make(
            StatusResponse(
                head: treeHead.size, rootHash: Hex.encode(treeHead.root), verifierKey: verifierKey,
                version: LedgerDefaults.version, uptimeSeconds: startedAt.secondsSince, dataDirectory: ledger.directory,
                socket: socketPath, logStorage: .init(try await ledger.log.statistics()),
                viewsStorage: .init(ledger.viewsStatistics), commits: counts.commits, appendRequests: counts.requests,
                caller: caller))
    }
}
