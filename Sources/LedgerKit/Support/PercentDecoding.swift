/// `%XX` escapes (RFC 3986 section 2.1), strictly: a `%` not followed by two hex digits is an error.
public enum PercentDecoding {
    /// The decoded text, or `nil` when an escape is broken or the bytes are not UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>, plusIsSpace: Bool) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high != bytes.endIndex, bytes.index(after: high) != bytes.endIndex,
                    let upper = Hex.value(bytes[high]), let lower = Hex.value(bytes[bytes.index(after: high)])
                else { return nil }
                output.append(upper << 4 | lower)
                index = bytes.index(high, offsetBy: 2)
                continue
            }
            output.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }
}
