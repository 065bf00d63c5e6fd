import Foundation
import Synchronization

/// A private OpenSSH server for the tests of `ledgerctl --host ssh://…`: Debian's sshd on a loopback port,
/// with a host key and a client key generated for it, two login users of its own (made when missing),
/// and `ledgerctl` of this build on their `PATH`. Needs root (sshd logs users in as themselves); started
/// once per test process, stopped when the process exits.
public final class SSHServer: Sendable {
    /// The login user the tests' ledgerd lets append.
    public static let appendingUser = "ledger-remote-ann"
    /// A login user the tests' ledgerd only lets read.
    public static let readingUser = "ledger-remote-bob"

    public let directory: String
    public let port: Int

    /// Whether these tests can run here: as root, with OpenSSH's server installed.
    public static var isAvailable: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd")
    }

    /// The server of this test process; `ledgerctlDirectory` goes first on the login users' `PATH`.
    public static func shared(ledgerctlDirectory: String) throws -> SSHServer {
        try started.withLock { server in
            if let server { return server }
            let new = try SSHServer(ledgerctlDirectory: ledgerctlDirectory)
            server = new
            return new
        }
    }

    private static let started = Mutex<SSHServer?>(nil)

    /// The ssh command that reaches this server (`$LEDGER_SSH_COMMAND` for ledgerctl and the Python client).
    public var sshCommand: String { "ssh -F \(directory)/ssh_config" }

    /// `ssh://USER@127.0.0.1:PORT/SOCKET`.
    public func url(user: String, socket: String? = nil) -> String {
        "ssh://\(user)@127.0.0.1:\(port)" + (socket ?? "")
    }

    private init(ledgerctlDirectory: String) throws {
        guard Self.isAvailable else { throw ServerError("the ssh tests need root and /usr/sbin/sshd (openssh-server)") }
        directory = "/tmp/lssh-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)  // privilege separation
        for user in [Self.appendingUser, Self.readingUser] where getpwnam(user) == nil {
            // "*": no password, but not a locked account, which sshd would refuse even with a key.
            try Self.run(["/usr/sbin/useradd", "--no-create-home", "--shell", "/bin/sh", "--password", "*", user])
        }
        try Self.run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory + "/host_key"])
        try Self.run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory + "/client_key"])
        try FileManager.default.copyItem(atPath: directory + "/client_key.pub", toPath: directory + "/authorized_keys")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory + "/authorized_keys")
        port = try Self.freePort()
        try """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(directory)/host_key
        PidFile \(directory)/sshd.pid
        AuthorizedKeysFile \(directory)/authorized_keys
        StrictModes no
        UsePAM no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        AllowUsers \(Self.appendingUser) \(Self.readingUser)
        SetEnv PATH=\(ledgerctlDirectory):/usr/local/bin:/usr/bin:/bin
        LogLevel VERBOSE

        """.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        let hostKey = try String(contentsOfFile: directory + "/host_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: directory + "/known_hosts", atomically: true, encoding: .utf8)
        try """
        Host *
          IdentityFile \(directory)/client_key
          IdentitiesOnly yes
          UserKnownHostsFile \(directory)/known_hosts
          StrictHostKeyChecking yes
          LogLevel ERROR

        """.write(toFile: directory + "/ssh_config", atomically: true, encoding: .utf8)
        try Self.run(["/usr/sbin/sshd", "-f", directory + "/sshd_config", "-E", directory + "/sshd.log"])
        try stopWhenThisProcessEnds()
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard Date() < deadline else { throw ServerError("sshd did not start on port \(port): see \(directory)/sshd.log") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// What sshd logged (logins accepted and refused).
    public var log: String { (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? "" }

    private func stopWhenThisProcessEnds() throws {
        let script =
            "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; kill $(cat \(directory)/sshd.pid) 2>/dev/null; "
            + "rm -rf \(directory)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerError("no free loopback port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServerError("\(arguments.joined(separator: " ")) failed: \(String(decoding: said, as: UTF8.self))")
        }
    }
}
