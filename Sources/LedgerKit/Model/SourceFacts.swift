/// What the ledger holds about a source is claims about the subject `source:` followed by the
/// source's name (its exact bytes). Two predicates there have a meaning of their own
/// (docs/semantics.md § Sources): `reliability`, a letter A–F, and `part_of`, the name of a body
/// the source belongs to or speaks for.
public enum SourceFacts {
    /// The prefix of a subject that holds facts about a source.
    public static let subjectPrefix = "source:"
    /// A source's grade: one of ``Reliability``'s letters.
    public static let reliability = "reliability"
    /// A body the source belongs to or speaks for; always multi-valued.
    public static let partOf = "part_of"

    /// The subject holding what is held about `source`.
    public static func subject(of source: String) -> String { subjectPrefix + source }

    /// The source a `source:` subject is about, or `nil` for any other subject.
    public static func source(ofSubject subject: String) -> String? {
        let prefix = subjectPrefix.utf8
        guard subject.utf8.starts(with: prefix) else { return nil }
        return String(decoding: subject.utf8.dropFirst(prefix.count), as: UTF8.self)
    }

    /// Whether `predicate` of `subject` is multi-valued by the rules of source facts (`part_of` is).
    public static func isAlwaysMultiValued(subject: String, predicate: String) -> Bool {
        predicate.hasSameBytes(as: partOf) && subject.utf8.starts(with: subjectPrefix.utf8)
    }
}

/// A source's reliability on the Admiralty scale: A completely reliable … E unreliable, F cannot be
/// judged. Ordered from best to worst.
public enum Reliability: String, Sendable, CaseIterable, Comparable, Codable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"
    case f = "F"

    /// A, B or C: a stance of such a source (not merely inferred) is strong.
    public var isStrong: Bool { self <= .c }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

    public static func < (lhs: Reliability, rhs: Reliability) -> Bool { lhs.rank < rhs.rank }

    /// The letter of a `reliability` claim's object, if it is one.
    public init?(object: JSONValue) {
        guard case .string(let letter) = object,
            let grade = Reliability.allCases.first(where: { $0.rawValue.hasSameBytes(as: letter) })
        else { return nil }
        self = grade
    }
}

extension Reliability {
    /// The scale's words for the letter.
    public var meaning: String {
        switch self {
        case .a: "completely reliable"
        case .b: "usually reliable"
        case .c: "fairly reliable"
        case .d: "not usually reliable"
        case .e: "unreliable"
        case .f: "reliability cannot be judged"
        }
    }
}
