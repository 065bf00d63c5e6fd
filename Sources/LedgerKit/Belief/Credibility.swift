/// How far the desk's own grades of its sources support a candidate (docs/semantics.md § Credibility),
/// on the Admiralty scale's 1–6.
public enum Credibility: Int, Sendable, Hashable, CaseIterable, Codable {
    case confirmed = 1
    case probablyTrue = 2
    case possiblyTrue = 3
    case doubtful = 4
    case improbable = 5
    case cannotBeJudged = 6

    /// The scale's words: "probably true".
    public var name: String {
        switch self {
        case .confirmed: "confirmed"
        case .probablyTrue: "probably true"
        case .possiblyTrue: "possibly true"
        case .doubtful: "doubtful"
        case .improbable: "improbable"
        case .cannotBeJudged: "cannot be judged"
        }
    }

    /// The first row of the scale's table that holds.
    init(support: Int, opposition: Int, isAffirmed: Bool) {
        switch (support, opposition) {
        case (2..., 0): self = .confirmed
        case (1, 0): self = .probablyTrue
        case (1..., 1...): self = .possiblyTrue
        case (0, 0) where isAffirmed: self = .doubtful
        case (0, 1...): self = .improbable
        default: self = .cannotBeJudged
        }
    }
}

/// What a belief says of one source it names: its effective reliability and its origin group.
public struct SourceStanding: Sendable, Hashable, Codable {
    public var reliability: Reliability
    /// The origin group's name: the byte-wise smallest source name in it.
    public var group: String

    public init(reliability: Reliability, group: String) {
        self.reliability = reliability
        self.group = group
    }

    public static func == (lhs: SourceStanding, rhs: SourceStanding) -> Bool {
        lhs.reliability == rhs.reliability && lhs.group.hasSameBytes(as: rhs.group)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(reliability)
        hasher.combine(group.exact)
    }
}

/// What is held about one source at a moment: `GET /v1/source`.
public struct SourceSummary: Sendable, Hashable, Codable {
    public var name: String
    /// Its effective reliability.
    public var reliability: Reliability
    /// Every body it belongs to, directly or through others, sorted by bytes (itself left out).
    public var ancestors: [String]
    public var at: Timestamp
    public var asOf: Timestamp

    public init(name: String, reliability: Reliability, ancestors: [String], at: Timestamp, asOf: Timestamp) {
        self.name = name
        self.reliability = reliability
        self.ancestors = ancestors
        self.at = at
        self.asOf = asOf
    }

    enum CodingKeys: String, CodingKey {
        case name, reliability, ancestors, at
        case asOf = "as_of"
    }
}

extension SubjectBelief {
    /// The origin groups that hold more than one of the belief's sources, each its members sorted by
    /// their bytes, the groups by their names: these sources count as one.
    public var sharedOriginGroups: [[String]] {
        let members = Dictionary(grouping: (sources ?? [:]).sorted { $0.key < $1.key }, by: { $0.value.group.exact })
        return members.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { $0.value.map(\.key.string) }
    }
}
