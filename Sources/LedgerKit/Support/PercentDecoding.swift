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

extension PercentDecoding {
    /// A `name=value` pair whose escapes are broken or whose bytes are not UTF-8, as it came.
    public struct BrokenPair: Error, Sendable {
        public let text: String
    }

    /// The `name=value` pairs of a query string or a form body, `&`-separated, as browsers, HTML forms and
    /// Python's `urlencode` write them (`+` a space, `%XX` a byte), each decoded; in their order.
    public static func formPairs(_ bytes: some Collection<UInt8>) throws(BrokenPair) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = pair[..<(equals ?? pair.endIndex)]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let name = decode(rawName, plusIsSpace: true), let value = decode(rawValue, plusIsSpace: true) else {
                throw BrokenPair(text: String(decoding: pair, as: UTF8.self))
            }
            pairs.append((name, value))
        }
        return pairs
    }
}
