import Hummingbird
import LedgerKit

/// `GET /v1/status` and `GET /v1/health`.
struct StatusController {
    let store: LedgerStore
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
        let uptime = ContinuousClock.now - startedAt
        let storage = store.storageUse
        let treeHead = try store.treeHead()
        return try JSONResponse.make(
            StatusResponse(
                head: treeHead.treeSize, rootHash: treeHead.rootHash, verifierKey: verifierKey, version: LedgerDefaults.version,
                uptimeSeconds: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18,
                dataDirectory: store.directory, socket: socketPath, mapSize: storage.mapSize, mapUsed: storage.used,
                mapMaximum: storage.maximum, commits: writer.commitCounts.commits, appendRequests: writer.commitCounts.requests,
                caller: caller))
    }
}
