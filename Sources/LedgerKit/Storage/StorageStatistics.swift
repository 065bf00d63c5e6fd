/// What a log's storage holds, in its own terms: the bytes in use, and the most it may hold when it has
/// a limit of its own.
public struct StorageStatistics: Sendable, Hashable {
    /// Bytes the storage holds now (the file's in-use pages, or the database's tables).
    public var usedBytes: Int
    /// Bytes set aside now (a memory map's size); `nil` when the storage has no such size.
    public var allocatedBytes: Int?
    /// The most it may grow to (a memory map's maximum); `nil` when only the disk limits it.
    public var maximumBytes: Int?
    /// Reader slots in use and the most there may be, when the storage has such slots (LMDB's).
    public var readersUsed: Int?
    public var readersMaximum: Int?

    public init(
        usedBytes: Int, allocatedBytes: Int? = nil, maximumBytes: Int? = nil, readersUsed: Int? = nil,
        readersMaximum: Int? = nil
    ) {
        self.usedBytes = usedBytes
        self.allocatedBytes = allocatedBytes
        self.maximumBytes = maximumBytes
        self.readersUsed = readersUsed
        self.readersMaximum = readersMaximum
    }
}
