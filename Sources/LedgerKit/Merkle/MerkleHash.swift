import Crypto

/// RFC 6962 hashing (section 2.1, <https://www.rfc-editor.org/rfc/rfc6962#section-2.1>): SHA-256 with
/// domain separation between leaves (0x00) and interior nodes (0x01).
public enum MerkleHash {
    /// Bytes in a hash.
    public static let size = 32

    /// The root of the empty tree: SHA-256 of nothing.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// `SHA-256(0x00 || leaf)`.
    public static func leaf(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(bytes))
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x00 || first || second)`: the leaf of bytes given in two parts, copied nowhere.
    public static func leaf(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: first)
        hasher.update(bufferPointer: second)
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 || left || right)`.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }
}
