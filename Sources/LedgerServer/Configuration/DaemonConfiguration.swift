import LedgerKit
public import Logging

/// Everything `ledgerd` can be told, with the defaults it runs on when told nothing.
///
/// Sources, each overriding the one before: the embedded defaults below, the TOML file given with
/// `--config` (`config/ledgerd.toml` documents every key), then the command-line flags.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The Unix socket to serve on. Default: ``LedgerDefaults/socketPath``.
    var socketPath = LedgerDefaults.socketPath
    /// Permission bits of the socket file. Default: 0660 (owner and group).
    var socketMode: UInt32 = 0o660
    /// Group to give the socket file; `nil` keeps the daemon's primary group.
    var socketGroup: String?
    /// Where the LMDB files live. Default: `.ledger/data` under the working directory.
    var dataDirectory = LedgerDefaults.dataDirectory
    public internal(set) var logLevel: Logger.Level = .info
    var access = AccessPolicy()
    var limits = Limits()
    var storage = Storage()
    /// The log's origin, the first line of every checkpoint and the name of a new signing key.
    /// Default: `HOSTNAME/ledger`.
    var origin = CheckpointKey.defaultOrigin
    /// Predicates whose several affirmed values do not conflict, e.g. `participant`.
    var multiValuedPredicates: Set<ExactString> = []

    /// The embedded defaults (config/ledgerd.toml documents each).
    public init() {}

    /// Applies the command line's flags, which override the file: the socket, the data directory, a
    /// shared log's URL, the log level.
    ///
    /// - Throws: ``ConfigurationError`` for a log level ledgerd does not know.
    public mutating func override(socket: String?, dataDirectory: String?, postgreSQL: String?, logLevel: String?) throws {
        if let socket { socketPath = socket }
        if let dataDirectory { self.dataDirectory = dataDirectory }
        if let postgreSQL {
            storage.backend = .postgresql
            storage.postgreSQLURL = postgreSQL
        }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ConfigurationError(
                    description: "--log-level must be trace, debug, info, notice, warning, error or critical.")
            }
            self.logLevel = level
        }
    }

    /// Request limits.
    struct Limits: Sendable, Equatable {
        /// Largest event, in bytes of its canonical JSON. Default: 64 KiB.
        var maximumEventBytes = 64 * 1024
        /// Largest request body. Default: 16 MiB.
        var maximumRequestBytes = 16 << 20
        /// Most events in one append. Default: 10,000.
        var maximumBatchEvents = 10_000
        /// Largest total size of a request's headers. Default: 16 KiB.
        var maximumHeaderBytes = 16 * 1024
        /// Seconds before an idle connection is closed. Default: 60.
        var idleTimeoutSeconds = 60
        /// Most connections served at once; more wait in the socket's backlog. Default: 256.
        var maximumConnections = 256
        /// Seconds a stop (SIGTERM) waits for the requests in flight, such as an answer a client does not
        /// read, before it closes their connections. Default: 30.
        var shutdownGraceSeconds = 30
    }

    /// Where the event log is, and LMDB's settings.
    struct Storage: Sendable, Equatable {
        /// The event log: the embedded LMDB file (the default), or a PostgreSQL database several
        /// ledgerd nodes share, each keeping its views in its own data directory.
        var backend = Backend.lmdb
        /// The shared log's database, with `backend = "postgresql"`: `[postgresql] url`.
        var postgreSQLURL: String?
        /// How long a read with `min_head` waits for this node to apply that head: `[postgresql]
        /// read_wait_ms`. Default: 5,000.
        var readWaitMilliseconds = 5_000
        /// How often a node looks for other nodes' appends even when no notification woke it:
        /// `[postgresql] poll_ms`. Default: 1,000.
        var pollMilliseconds = 1_000
        /// Map size to start with, in MiB. Default: 64.
        var initialMapMiB = 64
        /// Largest map size, in MiB. Default: 1 TiB (address space, not disk).
        var maximumMapMiB = 1 << 20
        /// When true (the default) an append is answered only once its transaction is on disk. When
        /// false commits skip fsync and a background flush runs every second: a crash of ledgerd loses
        /// nothing (committed pages are in the kernel's cache), but a crash of the machine or a power
        /// loss can lose the appends of the last second, already acknowledged. The file stays consistent.
        var isDurable = true
    }

    /// The event log's kinds.
    enum Backend: String, Sendable, Equatable {
        case lmdb
        case postgresql
    }

    /// The store's settings.
    var ledgerConfiguration: LedgerConfiguration {
        var configuration = LedgerConfiguration()
        configuration.maximumEventSize = limits.maximumEventBytes
        configuration.multiValuedPredicates = multiValuedPredicates
        configuration.initialMapSize = storage.initialMapMiB << 20
        configuration.maximumMapSize = max(storage.maximumMapMiB, storage.initialMapMiB) << 20
        configuration.isDurable = storage.isDurable
        return configuration
    }
}
