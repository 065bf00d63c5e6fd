import LedgerKit

/// Query strings and path segments as the daemon reads them: every byte outside RFC 3986's unreserved
/// characters percent-encoded, so `+`, `&`, `=` and non-ASCII text arrive as they were.
public enum QueryString {
    /// `?name=value&…` of the pairs whose value is given; empty when none is.
    public static func make(_ pairs: KeyValuePairs<String, String?>) -> String {
        let given = pairs.compactMap { name, value in value.map { percentEncoded(name) + "=" + percentEncoded($0) } }
        return given.isEmpty ? "" : "?" + given.joined(separator: "&")
    }

    /// `text` with every byte but `A-Z a-z 0-9 - . _ ~` as `%XX`.
    public static func percentEncoded(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                Hex.append(byte, to: &output, digits: Hex.uppercaseDigits)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
