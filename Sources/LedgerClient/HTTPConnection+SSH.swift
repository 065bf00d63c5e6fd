import LedgerKit
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Held while ssh is spawned.
private let spawnLock = Mutex(())

extension HTTPConnection {
    /// Runs `ssh … ledgerctl dial-stdio` towards `destination` and talks HTTP over its standard input
    /// and output. What ssh says on its standard error (authentication refused, host unreachable, no
    /// ledgerctl or no ledgerd there) names the failure when the pipe closes without an answer.
    ///
    /// - Parameter sshCommand: The ssh program and its options (`$LEDGER_SSH_COMMAND`, else `ssh`).
    static func ssh(_ destination: SSHDestination, sshCommand: [String]) throws -> HTTPConnection {
        let program = sshCommand.first ?? "ssh"
        let arguments = [program] + sshCommand.dropFirst() + ["-o", "BatchMode=yes"] + destination.sshArguments
        // One spawn at a time: pipes made for another ssh must not leak into this one, or its end of file
        // would never come.
        return try spawnLock.withLock { _ in try spawn(program, arguments, destination) }
    }

    private static func spawn(
        _ program: String, _ arguments: [String], _ destination: SSHDestination
    ) throws
        -> HTTPConnection
    {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0, pipe(&errors) == 0 else {
            let reason = String(cString: strerror(errno))
            for descriptor in toChild + fromChild + errors where descriptor >= 0 { close(descriptor) }
            throw LedgerClientError.unreachable(destination.description, "no pipe for ssh: \(reason)")
        }
        for descriptor in toChild + fromChild + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        for descriptor in [toChild[0], fromChild[1], errors[1]] { close(descriptor) }
        guard spawned == 0 else {
            for descriptor in [toChild[1], fromChild[0], errors[0]] { close(descriptor) }
            throw LedgerClientError(
                kind: .unreachable,
                message: "Cannot reach ledgerd at \(destination): \(program) cannot be run "
                    + "(\(String(cString: strerror(spawned)))); install OpenSSH's client, or set $LEDGER_SSH_COMMAND.")
        }
        let (input, output, errorOutput) = (fromChild[0], toChild[1], errors[0])
        let child = SSHChild(pid: pid, errorOutput: errorOutput)
        return HTTPConnection(
            input: input, output: output, name: destination.description,
            explainClose: { child.explain(destination) },
            onClose: {
                close(output)
                close(input)
                child.end()
            })
    }
}

/// The ssh process behind a connection: ended with the connection, its standard error read when it
/// failed.
final class SSHChild {
    let pid: pid_t
    let errorOutput: Int32
    private var status: Int32?

    init(pid: pid_t, errorOutput: Int32) {
        self.pid = pid
        self.errorOutput = errorOutput
    }

    /// Waits for the child (closing its input has told it to finish; a stuck one is stopped).
    func end() {
        if status == nil {
            var ended: Int32 = 0
            var waited = waitpid(pid, &ended, WNOHANG)
            if waited == 0 {
                kill(pid, SIGTERM)
                waited = waitpid(pid, &ended, 0)
            }
            status = waited == pid ? ended : -1
        }
        close(errorOutput)
    }

    /// Why the pipe closed before an answer: what ssh or the remote ledgerctl said, as a sentence.
    func explain(_ destination: SSHDestination) -> String {
        var ended: Int32 = 0
        if status == nil, waitpid(pid, &ended, 0) == pid { status = ended }
        var said: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while said.count < 65_536 {
            let count = chunk.withUnsafeMutableBytes { read(errorOutput, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            said += chunk[..<count]
        }
        // The remote ledgerctl's own lines are sentences already; its name before them is noise here.
        let text = String(decoding: said, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { line in line.hasPrefix("ledgerctl: ") ? String(line.dropFirst("ledgerctl: ".count)) : String(line) }
            .map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
        let code = status.map { ($0 & 0x7f) == 0 ? ($0 >> 8) & 0xff : -1 } ?? -1
        var hint = ""
        if code == 255 {
            hint = " Check that the host is reachable and that ssh can log in there without a password (ssh-agent or a key)."
        } else if code == 127 || text.contains("not found") {
            hint = " Install ledgerctl on that host, on the login user's PATH."
        } else if code == 3 {
            hint =
                " No ledgerd answers on that socket of \(destination.host): start it there, or give its socket as the URL's path."
        }
        return "Cannot reach ledgerd at \(destination) (ssh exited with \(code)"
            + (text.isEmpty ? "" : ": \(text)") + ")." + hint
    }
}
