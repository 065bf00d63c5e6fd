import Dispatch
import LedgerKit

extension LedgerClient {
    /// Runs blocking client calls on a thread of Dispatch's, not of Swift's cooperative pool, and awaits
    /// their result:
    ///
    /// ```swift
    /// let belief = try await client.run { try $0.belief(subject: subject) }
    /// ```
    public func run<T: Sendable>(_ body: @escaping @Sendable (LedgerClient) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body(self) }) }
        }
    }
}
