import Hummingbird
import LedgerKit
import NIOPosix

/// Read your writes across nodes: a read with `min_head=N` waits until this node's views hold event N
/// (catching up from a shared log at once, not at the follower's next poll), for at most `wait`; then
/// it answers 503 `behind` with the node's head.
struct MinimumHeadMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: LedgerStore
    let wait: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard request.method == .get || request.method == .head, let text = request.uri.queryParameters["min_head"] else {
            return try await next(request, context)
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let wanted = UInt64(String(text))
        else {
            throw LedgerError(
                code: .invalidValue,
                message: "min_head must be a whole number: the head an append answered, such as min_head=1042.")
        }
        try await waitForHead(wanted)
        return try await next(request, context)
    }

    private func waitForHead(_ wanted: UInt64) async throws {
        let store = self.store
        let deadline = ContinuousClock.now + wait
        while true {
            if try store.head() >= wanted { return }
            if store.embeddedLog == nil {
                _ = try await NIOThreadPool.singleton.runIfActive { try store.catchUpViews() }
                if try store.head() >= wanted { return }
            }
            guard ContinuousClock.now < deadline else {
                let head = try store.head()
                throw LedgerError(
                    code: .behind,
                    message: "This node holds the ledger through seq \(head), not yet \(wanted); retry, or ask another node.")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
