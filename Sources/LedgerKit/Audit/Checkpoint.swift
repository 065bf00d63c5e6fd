import Foundation

/// A C2SP `tlog-checkpoint`: the log's origin, the tree size and the root hash, one a line.
///
/// <https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md>
public struct Checkpoint: Sendable, Hashable {
    public var origin: String
    public var treeSize: UInt64
    public var rootHash: [UInt8]

    public init(origin: String, treeSize: UInt64, rootHash: [UInt8]) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
    }

    /// The note text: `origin\nsize\nbase64(root)\n`.
    public var body: String {
        "\(origin)\n\(treeSize)\n\(Data(rootHash).base64EncodedString())\n"
    }

    /// Reads a checkpoint's note text (extension lines after the third are allowed and ignored).
    ///
    /// - Throws: ``AuditError`` naming the line that is wrong.
    public init(body: String) throws {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard body.hasSuffix("\n"), lines.count >= 4 else {
            throw AuditError("The checkpoint must have an origin, a tree size and a root hash, each on a line of its own.")
        }
        guard !lines[0].isEmpty else { throw AuditError("The checkpoint's origin line is empty.") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw AuditError("The checkpoint's second line must be the tree size in decimal, not \"\(lines[1])\".")
        }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == MerkleHash.size else {
            throw AuditError("The checkpoint's third line must be a 32-byte root hash in base64, not \"\(lines[2])\".")
        }
        self.init(origin: String(lines[0]), treeSize: size, rootHash: Array(root))
    }

    public var treeHead: TreeHead { TreeHead(treeSize: treeSize, rootHash: Hex.encode(rootHash)) }
}

/// An audit check that failed: the message says what does not hold.
public struct AuditError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
