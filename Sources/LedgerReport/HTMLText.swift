public import Mustache

/// HTML escaping by UTF-8 bytes, for text from the ledger (subjects, quotes, sources and objects are the
/// caller's, and hostile).
///
/// swift-mustache's own HTML escaping looks characters up by Swift `Character`, so `"` followed by a
/// combining mark (U+0301) is one character that is not `"`, and came out unescaped: it ended an
/// attribute. Here every `<`, `>`, `&`, `"` and `'` byte is escaped whatever follows it.
public enum HTMLText {
    /// The name templates give in `{{% CONTENT_TYPE: HTML_BYTES}}` to escape with ``escaped(_:)``.
    public static let contentType = "HTML_BYTES"

    /// `text` with `<`, `>`, `&`, `"` and `'` written as character references; every other byte kept.
    public static func escaped(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: ">"): output += "&gt;".utf8
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "\""): output += "&quot;".utf8
            case UInt8(ascii: "'"): output += "&#39;".utf8
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `address` may become a link: `http:` or `https:` in any case. Anything else (`javascript:`,
    /// `data:`, a bare reference) is shown as text.
    public static func isWebAddress(_ address: String) -> Bool {
        let scheme = address.utf8.prefix(8).map { (65...90).contains($0) ? $0 + 32 : $0 }
        return scheme.starts(with: "https://".utf8) || scheme.starts(with: "http://".utf8)
    }

    /// Parses a template whose `{{value}}`s are escaped by bytes: the template must begin with
    /// `{{% CONTENT_TYPE: HTML_BYTES}}`, and any other is refused, so no page can fall back to the
    /// library's escaping by accident.
    public static func template(_ text: String) throws -> MustacheTemplate {
        registration.check()
        guard text.hasPrefix("{{% CONTENT_TYPE: \(contentType)}}") else {
            throw TemplateWithoutByteEscaping()
        }
        return try MustacheTemplate(string: text)
    }

    /// Templates that include each other as partials (`{{> timeline}}`), each parsed by ``template(_:)``.
    public static func library(_ templates: [String: String]) throws -> MustacheLibrary {
        MustacheLibrary(templates: try templates.mapValues(template))
    }

    /// Registers the content type once, before the first template is parsed.
    private static let registration = Registration()

    private struct Registration: Sendable {
        init() { MustacheContentTypes.register(ByteEscapedHTML(), named: HTMLText.contentType) }
        func check() {}
    }
}

/// A template that does not start with `{{% CONTENT_TYPE: HTML_BYTES}}`.
public struct TemplateWithoutByteEscaping: Error, CustomStringConvertible {
    public var description: String {
        "A page template must begin with {{% CONTENT_TYPE: HTML_BYTES}}, so that its values are escaped by bytes."
    }
}

struct ByteEscapedHTML: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLText.escaped(text) }
}
