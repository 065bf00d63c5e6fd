import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random values the daemon adds to events: ids and evidence salts, from the kernel's CSPRNG read in
/// blocks of 4 KiB (one `getrandom` call serves 256 salts), not one system call a value.
enum RandomIdentifiers {
    /// A random (version 4) UUID in lowercase, e.g. `0f8fad5b-d9cb-469f-a165-70867728950e`.
    static func uuid() -> String {
        var bytes = randomBytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            Hex.append(byte, to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// 32 lowercase hex characters of randomness for an evidence salt.
    static func salt() -> String {
        Hex.encode(randomBytes(16))
    }

    private static let pool = Mutex(RandomPool())

    static func randomBytes(_ count: Int) -> [UInt8] {
        pool.withLock { $0.take(count) }
    }
}

/// Bytes from the kernel's CSPRNG, read a block at a time; each byte is handed out once.
private struct RandomPool {
    private var block = [UInt8](repeating: 0, count: 4096)
    private var used = 4096

    mutating func take(_ count: Int) -> [UInt8] {
        precondition(count <= block.count)
        if used + count > block.count { refill() }
        defer { used += count }
        return Array(block[used..<used + count])
    }

    private mutating func refill() {
        // glibc's arc4random_buf reads the kernel's CSPRNG (getrandom(2)) and cannot fail.
        block.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        used = 0
    }
}
