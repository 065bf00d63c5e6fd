import LedgerKit
import NIOPosix

extension LedgerStore {
    /// Runs `body`, a read of the event log itself (stored bytes, leaf hashes), where it may wait: inline
    /// on the embedded log, whose reads are of mapped memory; on NIO's blocking pool when the log is a
    /// shared database, whose reads wait for the network, so that no request's thread ever waits for it.
    func readingLog<R: Sendable>(_ body: @escaping @Sendable () throws -> R) async throws -> R {
        guard embeddedLog == nil else { return try body() }
        return try await NIOThreadPool.singleton.runIfActive(body)
    }
}
