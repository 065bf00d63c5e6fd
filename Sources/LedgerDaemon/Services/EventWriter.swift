import Dispatch
import LedgerKit

/// The ledger's one writer: runs appends one at a time on a thread of its own, so that a blocking
/// LMDB commit (and its fsync) never holds a thread of Swift's cooperative pool.
struct EventWriter: Sendable {
    let store: LedgerStore
    private let queue = DispatchQueue(label: "ledger.writer", qos: .userInitiated)

    init(store: LedgerStore) {
        self.store = store
    }

    /// Appends `drafts` for `actor`; see ``LedgerStore/append(_:actor:expectedHead:)``.
    func append(_ drafts: [EventDraft], actor: String, expectedHead: UInt64?) async throws -> AppendResult {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try store.append(drafts, actor: actor, expectedHead: expectedHead) })
            }
        }
    }
}
