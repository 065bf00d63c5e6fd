/// `POST /v1/admin/backup`'s body: where the daemon writes the copy.
public struct BackupRequest: Codable, Sendable, Hashable {
    /// An absolute path on the daemon's machine; created if missing, refused unless empty.
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }
}

/// The answer to a backup: where it is and the tree head it holds.
public struct BackupResponse: Codable, Sendable, Hashable {
    public var directory: String
    public var treeSize: UInt64
    public var rootHash: String

    public init(directory: String, treeSize: UInt64, rootHash: String) {
        self.directory = directory
        self.treeSize = treeSize
        self.rootHash = rootHash
    }

    enum CodingKeys: String, CodingKey {
        case directory
        case treeSize = "tree_size"
        case rootHash = "root_hash"
    }
}

/// The answer to `POST /v1/admin/restore`: the head and root after the events restored.
public struct RestoreResponse: Codable, Sendable, Hashable {
    public var head: UInt64
    public var rootHash: String

    public init(head: UInt64, rootHash: String) {
        self.head = head
        self.rootHash = rootHash
    }

    enum CodingKeys: String, CodingKey {
        case head
        case rootHash = "root_hash"
    }
}

/// The answer to `POST /v1/admin/compact`: the data file's size before and after, and how long it took.
public struct CompactResponse: Codable, Sendable, Hashable {
    public var bytesBefore: Int
    public var bytesAfter: Int
    public var seconds: Double

    public init(bytesBefore: Int, bytesAfter: Int, seconds: Double) {
        self.bytesBefore = bytesBefore
        self.bytesAfter = bytesAfter
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case seconds
        case bytesBefore = "bytes_before"
        case bytesAfter = "bytes_after"
    }
}
