/// A string that is equal to another, hashes and sorts only by its UTF-8 bytes.
///
/// Swift's `String` treats canonically equivalent text as equal (`"José" == "Jose\u{301}"`, `"K" ==
/// "\u{212A}"`), in `==`, in `Hashable` and in `<`. The ledger signs bytes, and two sources, subjects or
/// predicates whose bytes differ are two, so every set, dictionary key and sort over them uses this type.
public struct ExactString: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text itself.
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var description: String { string }

    public static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combineUTF8(of: string)
    }

    /// Byte order of the UTF-8, which is also Unicode code point order.
    public static func < (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
    }
}

extension String {
    /// This string compared by its bytes.
    public var exact: ExactString { ExactString(self) }

    /// Whether both strings have the same UTF-8 bytes (not merely Unicode-equivalent text).
    public func hasSameBytes(as other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}

extension Sequence where Element == String {
    /// The strings in byte order of their UTF-8.
    public func sortedByBytes() -> [String] {
        sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
