/// Whether the sources agree about a predicate (docs/semantics.md § Belief).
public enum BeliefStatus: String, Sendable, Hashable, Codable {
    /// Two or more candidates are affirmed (unless the predicate is multi-valued), or one candidate is
    /// both affirmed and denied.
    case contested
    /// Exactly one candidate is affirmed (any number, for a multi-valued predicate) and none is both
    /// affirmed and denied.
    case settled
    /// No candidate is affirmed and at least one is denied.
    case denied
}

/// One value claimed for a predicate, with who affirms and who denies it.
///
/// Equality compares every string by its bytes, as the ledger does.
public struct Candidate: Sendable, Hashable, Codable {
    public var object: JSONValue
    /// Sources whose stance is affirm, sorted.
    public var affirmedBy: [String]
    /// Sources whose stance is deny, sorted.
    public var deniedBy: [String]
    /// Ids of the claims that set those stances, in `seq` order.
    public var claims: [String]
    /// What the grades of its sources make of it; `nil` where credibility is not computed (contested
    /// lists, history).
    public var credibility: Credibility?

    public init(
        object: JSONValue, affirmedBy: [String], deniedBy: [String], claims: [String], credibility: Credibility? = nil
    ) {
        self.object = object
        self.affirmedBy = affirmedBy
        self.deniedBy = deniedBy
        self.claims = claims
        self.credibility = credibility
    }

    enum CodingKeys: String, CodingKey {
        case object, claims, credibility
        case affirmedBy = "affirmed_by"
        case deniedBy = "denied_by"
    }

    public static func == (lhs: Candidate, rhs: Candidate) -> Bool {
        lhs.object == rhs.object && lhs.affirmedBy.map(\.exact) == rhs.affirmedBy.map(\.exact)
            && lhs.deniedBy.map(\.exact) == rhs.deniedBy.map(\.exact) && lhs.claims.map(\.exact) == rhs.claims.map(\.exact)
            && lhs.credibility == rhs.credibility
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(object)
        hasher.combine(affirmedBy.map(\.exact))
        hasher.combine(deniedBy.map(\.exact))
        hasher.combine(claims.map(\.exact))
        hasher.combine(credibility)
    }
}

/// The belief about one predicate of a subject.
public struct PredicateBelief: Sendable, Hashable, Codable {
    public var predicate: String
    public var status: BeliefStatus
    /// Most affirming sources first, then by the object's canonical bytes.
    public var candidates: [Candidate]
    /// The ids of its load-bearing claims, sorted by their bytes; `nil` where credibility is not computed.
    public var loadBearing: [String]?

    public init(predicate: String, status: BeliefStatus, candidates: [Candidate], loadBearing: [String]? = nil) {
        self.predicate = predicate
        self.status = status
        self.candidates = candidates
        self.loadBearing = loadBearing
    }

    enum CodingKeys: String, CodingKey {
        case predicate, status, candidates
        case loadBearing = "load_bearing"
    }

    public static func == (lhs: PredicateBelief, rhs: PredicateBelief) -> Bool {
        lhs.predicate.hasSameBytes(as: rhs.predicate) && lhs.status == rhs.status && lhs.candidates == rhs.candidates
            && lhs.loadBearing?.map(\.exact) == rhs.loadBearing?.map(\.exact)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(predicate.exact)
        hasher.combine(status)
        hasher.combine(candidates)
        hasher.combine(loadBearing?.map(\.exact))
    }
}

/// The belief about a subject: each predicate with at least one visible claim, by name.
public struct SubjectBelief: Sendable, Hashable {
    public var subject: String
    /// The valid time asked about.
    public var at: Timestamp
    /// The record time asked about.
    public var asOf: Timestamp
    public var predicates: [PredicateBelief]
    /// Every source its candidates name, with its effective reliability and origin group; `nil` where
    /// credibility is not computed.
    public var sources: [ExactString: SourceStanding]?

    public init(
        subject: String, at: Timestamp, asOf: Timestamp, predicates: [PredicateBelief],
        sources: [ExactString: SourceStanding]? = nil
    ) {
        self.subject = subject
        self.at = at
        self.asOf = asOf
        self.predicates = predicates
        self.sources = sources
    }

    public static func == (lhs: SubjectBelief, rhs: SubjectBelief) -> Bool {
        lhs.subject.hasSameBytes(as: rhs.subject) && lhs.at == rhs.at && lhs.asOf == rhs.asOf && lhs.predicates == rhs.predicates
            && lhs.sources == rhs.sources
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(subject.exact)
        hasher.combine(predicates)
    }
}
