/// The answer to `GET /v1/status`.
public struct StatusResponse: Codable, Sendable, Hashable {
    /// Who is asking, as the daemon sees them through the socket.
    public struct Caller: Codable, Sendable, Hashable {
        public var user: String
        public var uid: UInt32
        public var canAppend: Bool
        public var canRead: Bool

        public init(user: String, uid: UInt32, canAppend: Bool, canRead: Bool) {
            self.user = user
            self.uid = uid
            self.canAppend = canAppend
            self.canRead = canRead
        }

        enum CodingKeys: String, CodingKey {
            case user, uid
            case canAppend = "can_append"
            case canRead = "can_read"
        }
    }

    /// A storage's use in bytes: what it holds, what it has set aside (a memory map), and its ceiling.
    public struct Storage: Codable, Sendable, Hashable {
        public var usedBytes: Int
        public var allocatedBytes: Int?
        public var maximumBytes: Int?

        public init(_ statistics: StorageStatistics) {
            usedBytes = statistics.usedBytes
            allocatedBytes = statistics.allocatedBytes
            maximumBytes = statistics.maximumBytes
        }

        enum CodingKeys: String, CodingKey {
            case usedBytes = "used_bytes"
            case allocatedBytes = "allocated_bytes"
            case maximumBytes = "maximum_bytes"
        }
    }

    /// `seq` of the last event; 0 for an empty ledger.
    public var head: UInt64
    /// The Merkle root of the tree of `head` events, lowercase hex.
    public var rootHash: String
    /// The key checkpoints are signed with: `name+hexid+base64key`.
    public var verifierKey: String
    public var version: String
    public var uptimeSeconds: Double
    public var dataDirectory: String
    public var socket: String
    /// What the event log's storage holds (the embedded file, or the shared database's tables).
    public var logStorage: Storage
    /// What this node's views hold in their own storage.
    public var viewsStorage: Storage
    /// Write transactions committed since start (group commit: one may carry many append requests).
    public var commits: Int
    /// Append requests committed since start.
    public var appendRequests: Int
    public var caller: Caller?

    public init(
        head: UInt64, rootHash: String, verifierKey: String, version: String, uptimeSeconds: Double, dataDirectory: String,
        socket: String, logStorage: Storage, viewsStorage: Storage, commits: Int, appendRequests: Int, caller: Caller?
    ) {
        self.head = head
        self.rootHash = rootHash
        self.verifierKey = verifierKey
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.dataDirectory = dataDirectory
        self.socket = socket
        self.logStorage = logStorage
        self.viewsStorage = viewsStorage
        self.commits = commits
        self.appendRequests = appendRequests
        self.caller = caller
    }

    enum CodingKeys: String, CodingKey {
        case head, version, socket, caller
        case rootHash = "root_hash"
        case verifierKey = "verifier_key"
        case uptimeSeconds = "uptime_seconds"
        case dataDirectory = "data_dir"
        case logStorage = "log_storage"
        case viewsStorage = "views_storage"
        case commits
        case appendRequests = "append_requests"
    }
}
