import LMDB

/// Settings of a ``Ledger``: its storage, its limits, and the belief rule's multi-valued predicates.
public struct LedgerConfiguration: Sendable, Equatable {
    /// The size the storage's memory map starts at, in bytes; it grows by doubling. Default: 64 MiB.
    public var initialMapSize: Int = 64 << 20
    /// The largest the map may grow to, in bytes. Default: 1 TiB (address space, not disk).
    public var maximumMapSize: Int = 1 << 40
    /// Whether each commit of the embedded log waits for the disk. When false a crash of the machine (not
    /// of the process) may lose the latest commits, but never damages the file. Default: true.
    public var isDurable = true
    /// Open for reading only, with no lock file: for a copy no process writes (a backup being checked).
    public var isReadOnly = false
    /// The largest event, in bytes of its canonical JSON, evidence included. Default: 64 KiB.
    public var maximumEventSize = 64 * 1024
    /// Predicates whose several affirmed values do not conflict, e.g. `participant` (docs/semantics.md § Belief).
    public var multiValuedPredicates: Set<ExactString> = []

    public init() {}

    /// The embedded log's LMDB settings.
    var environment: EnvironmentConfiguration {
        var environment = EnvironmentConfiguration()
        environment.initialMapSize = initialMapSize
        environment.maximumMapSize = max(initialMapSize, maximumMapSize)
        environment.skipsSync = !isDurable
        environment.isReadOnly = isReadOnly
        return environment
    }

    /// The views' environment: the log's map sizes, but commits that skip fsync (they are rebuilt from the
    /// log when the machine stopped while they were open).
    var viewsEnvironment: EnvironmentConfiguration {
        var views = environment
        views.skipsSync = true
        return views
    }
}
