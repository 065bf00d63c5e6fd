import Hummingbird
import LedgerKit

/// Read your writes across nodes: a read with `min_head=N` waits until this node's views hold event N
/// (asking a follower of a shared log to catch up at once, not at its next poll), woken by each commit
/// the feed hears of, for at most `wait`; then it answers 503 `behind` with the node's head.
struct MinimumHeadMiddleware: RouterMiddleware {
    let ledger: Ledger
    let feed: CommitFeed
    let follower: LogFollower?
    let wait: Duration

    func handle(
        _ request: Request, context: LedgerRequestContext, next: (Request, LedgerRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head, let wanted = try Query(request).minimumHead() else {
            return try await next(request, context)
        }
        if try ledger.head() < wanted {
            follower?.catchUpNow()
            guard await feed.head(reaching: wanted, within: wait) else {
                throw LedgerError(
                    code: .behind,
                    message: "This node holds the ledger through seq \(try ledger.head()), not yet \(wanted); retry, or ask "
                        + "another node.")
            }
        }
        return try await next(request, context)
    }
}
