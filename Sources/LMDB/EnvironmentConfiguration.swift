/// Open-time settings of an LMDB ``Environment``.
public struct EnvironmentConfiguration: Sendable, Equatable {
    /// The map size to start with, in bytes. Default: 64 MiB. The map grows by doubling when a write fills it.
    public var initialMapSize: Int = 64 << 20
    /// The largest the map may grow to, in bytes. Default: 1 TiB (address space, not disk).
    public var maximumMapSize: Int = 1 << 40
    /// Most concurrent read transactions (`mdb_env_set_maxreaders`). Default: 126.
    public var maximumReaders: UInt32 = 126
    /// Most named databases (`mdb_env_set_maxdbs`). Default: 16.
    public var maximumDatabases: UInt32 = 16
    /// When true, commits do not wait for the disk (`MDB_NOSYNC`): a crash of the machine (not of the
    /// process) may lose the latest commits, but never corrupts the file. Default: false.
    public var skipsSync: Bool = false
    /// When true, LMDB writes pages straight into the memory map (`MDB_WRITEMAP`) instead of copying
    /// them into malloc'd pages and writing those at commit: fewer copies and no write calls, but a
    /// stray write into the map could damage the file. For stores that are rebuilt when in doubt.
    /// Default: false.
    public var writesThroughMap: Bool = false
    /// File mode of the data and lock files. Default: 0o600.
    public var fileMode: UInt32 = 0o600
    /// Open for reading only, with no lock file (`MDB_RDONLY | MDB_NOLOCK`): for a copy no process
    /// writes, such as a backup being checked; nothing is created in its directory. Default: false.
    public var isReadOnly: Bool = false

    public init() {}
}
