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

/// Hex of hashes, both ways.
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String { hexString(bytes) }

    /// The bytes of lowercase or uppercase hex; `nil` if `text` is not hex.
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// Whether `hex` is the lowercase hex of `digest`.
    static func matches(_ digest: some Sequence<UInt8>, _ hex: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        for byte in digest {
            guard index + 1 < hex.count, hex[index] == lowercaseDigits[Int(byte >> 4)],
                hex[index + 1] == lowercaseDigits[Int(byte & 0x0F)]
            else { return false }
            index += 2
        }
        return index == hex.count
    }

    private static let lowercaseDigits = Array("0123456789abcdef".utf8)

    /// The value of one hex digit, either case; `nil` for any other byte.
    public static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
