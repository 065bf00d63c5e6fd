import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

/// The remote end of `ledgerctl --host ssh://…`: ssh runs it on the daemon's machine, and it copies bytes
/// between its standard input and output and ledgerd's socket, so the daemon sees the login user.
struct DialStdio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial-stdio",
        abstract: "Connect standard input and output to ledgerd's socket (what --host runs over ssh).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let socket = try UnixSocket.connect(global.socketPath)
        defer { close(socket) }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var inputOpen = true
        while true {
            fds[0].fd = inputOpen ? 0 : -1
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { throw Self.broken("poll") }
            // The daemon's answers first: a client that sent its last request and closed still reads them.
            if fds[1].revents != 0 {
                let count = read(socket, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }  // ledgerd closed: the exchange is over
                try Self.writeAll(buffer[..<count], to: 1)
            }
            if inputOpen && fds[0].revents != 0 {
                let count = read(0, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    inputOpen = false
                    shutdown(socket, Int32(SHUT_WR))  // the client is done sending; let ledgerd finish
                } else {
                    try Self.writeAll(buffer[..<count], to: socket)
                }
            }
        }
    }

    private static func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) throws {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw broken("write") }
            offset += written
        }
    }

    private static func broken(_ call: String) -> ExitCode {
        Failure.printError("dial-stdio: \(call) failed: \(String(cString: strerror(errno))).")
        return ExitCode(Failure.unreachable)
    }
}
