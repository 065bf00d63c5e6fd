/// Lowercase hex, the ledger's one spelling of bytes as text (hashes, salts, ids), and its reading.
public enum Hex {
    /// `0123456789abcdef`.
    public static let lowercaseDigits = Array("0123456789abcdef".utf8)
    /// `0123456789ABCDEF`, for percent-escapes.
    public static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the two lowercase hex digits of `byte` to `output`.
    public static func append(_ byte: UInt8, to output: inout [UInt8], digits: [UInt8] = lowercaseDigits) {
        output.append(digits[Int(byte >> 4)])
        output.append(digits[Int(byte & 0x0F)])
    }

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
