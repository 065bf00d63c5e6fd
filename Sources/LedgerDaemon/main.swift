import ArgumentParser
import NIOCore
import NIOPosix

// Run Swift concurrency's jobs on NIO's event loops, which serve the socket too: a request is read,
// answered and written on one thread instead of hopping to the global pool and back.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// What `@main` does for an AsyncParsableCommand, after the line above.
do {
    var command = try await LedgerDaemon.asyncParseAsRoot()
    if let daemon = command as? LedgerDaemon {
        try await daemon.runDaemon()
    } else {
        try command.run()
    }
} catch {
    LedgerDaemon.exit(withError: error)
}
