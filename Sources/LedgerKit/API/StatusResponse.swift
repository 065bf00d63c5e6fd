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
    /// Bytes the LMDB map may use now.
    public var mapSize: Int
    /// Bytes of the map in use.
    public var mapUsed: Int
    /// Bytes the map may grow to.
    public var mapMaximum: Int
    /// Write transactions committed since start (group commit: one may carry many append requests).
    public var commits: Int
    /// Append requests committed since start.
    public var appendRequests: Int
    public var caller: Caller?

    public init(
        head: UInt64, rootHash: String, verifierKey: String, version: String, uptimeSeconds: Double, dataDirectory: String,
        socket: String, mapSize: Int,
        mapUsed: Int, mapMaximum: Int, commits: Int, appendRequests: Int, caller: Caller?
    ) {
        self.head = head
        self.rootHash = rootHash
        self.verifierKey = verifierKey
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.dataDirectory = dataDirectory
        self.socket = socket
        self.mapSize = mapSize
        self.mapUsed = mapUsed
        self.mapMaximum = mapMaximum
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
        case mapSize = "map_size"
        case mapUsed = "map_used"
        case mapMaximum = "map_maximum"
        case commits
        case appendRequests = "append_requests"
    }
}
