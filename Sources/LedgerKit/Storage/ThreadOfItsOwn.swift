import Foundation

/// Work that blocks its thread for long (an LMDB compaction: seconds per GiB), run on a thread of its own
/// so that no thread of Swift's cooperative pool, nor one that serves requests, waits for it.
enum ThreadOfItsOwn {
    static func run<R: Sendable>(name: String, _ body: @escaping @Sendable () throws -> R) async throws -> R {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            thread.start()
        }
    }
}
