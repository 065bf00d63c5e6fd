/// Settings of a ``LedgerStore``.
public struct LedgerStoreConfiguration: Sendable, Equatable {
    /// The LMDB environment's settings (map size and its growth, readers, durability).
    public var environment = EnvironmentConfiguration()
    /// The largest event, in bytes of its canonical JSON, evidence included. Default: 64 KiB.
    public var maximumEventSize = 64 * 1024
    /// Predicates whose several affirmed values do not conflict, e.g. `participant` (semantics.md § Belief).
    public var multiValuedPredicates: Set<ExactString> = []

    public init() {}

    /// The views' environment: the log's map sizes, but commits that skip fsync (they are rebuilt from the
    /// log when the machine stopped while they were open).
    public var viewsEnvironment: EnvironmentConfiguration {
        var views = environment
        views.skipsSync = true
        return views
    }
}
