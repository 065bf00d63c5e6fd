#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

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
        lhs.string.hasSameBytes(as: rhs.string)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combineUTF8(of: string)
    }

    /// Byte order of the UTF-8, which is also Unicode code point order.
    public static func < (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.string.precedesInByteOrder(rhs.string)
    }
}

extension String {
    /// This string compared by its bytes.
    public var exact: ExactString { ExactString(self) }

    /// Whether both strings have the same UTF-8 bytes (not merely Unicode-equivalent text).
    public func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                mine.count == 0 || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0
            }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }

    /// Whether this string sorts before `other` by the bytes of their UTF-8.
    public func precedesInByteOrder(_ other: String) -> Bool {
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                let common = min(mine.count, theirs.count)
                let order = common == 0 ? 0 : memcmp(mine.baseAddress!, theirs.baseAddress!, common)
                return order != 0 ? order < 0 : mine.count < theirs.count
            }
        }
        return (compared ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}

extension Sequence where Element == String {
    /// The strings in byte order of their UTF-8.
    public func sortedByBytes() -> [String] {
        sorted { $0.precedesInByteOrder($1) }
    }
}
