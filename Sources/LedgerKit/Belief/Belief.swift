/// Whether the sources agree about a predicate (semantics.md § Belief).
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

    public init(object: JSONValue, affirmedBy: [String], deniedBy: [String], claims: [String]) {
        self.object = object
        self.affirmedBy = affirmedBy
        self.deniedBy = deniedBy
        self.claims = claims
    }

    enum CodingKeys: String, CodingKey {
        case object, claims
        case affirmedBy = "affirmed_by"
        case deniedBy = "denied_by"
    }

    public static func == (lhs: Candidate, rhs: Candidate) -> Bool {
        lhs.object == rhs.object && lhs.affirmedBy.map(\.exact) == rhs.affirmedBy.map(\.exact)
            && lhs.deniedBy.map(\.exact) == rhs.deniedBy.map(\.exact) && lhs.claims.map(\.exact) == rhs.claims.map(\.exact)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(object)
        hasher.combine(affirmedBy.map(\.exact))
        hasher.combine(deniedBy.map(\.exact))
        hasher.combine(claims.map(\.exact))
    }
}

/// The belief about one predicate of a subject.
public struct PredicateBelief: Sendable, Hashable, Codable {
    public var predicate: String
    public var status: BeliefStatus
    /// Most affirming sources first, then by the object's canonical bytes.
    public var candidates: [Candidate]

    public init(predicate: String, status: BeliefStatus, candidates: [Candidate]) {
        self.predicate = predicate
        self.status = status
        self.candidates = candidates
    }

    public static func == (lhs: PredicateBelief, rhs: PredicateBelief) -> Bool {
        lhs.predicate.hasSameBytes(as: rhs.predicate) && lhs.status == rhs.status && lhs.candidates == rhs.candidates
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(predicate.exact)
        hasher.combine(status)
        hasher.combine(candidates)
    }
}

/// The belief about a subject: each predicate with at least one visible claim, by name.
public struct SubjectBelief: Sendable, Hashable, Codable {
    public var subject: String
    /// RFC 3339.
    public var at: String
    /// RFC 3339.
    public var asOf: String
    public var predicates: [PredicateBelief]

    public init(subject: String, at: String, asOf: String, predicates: [PredicateBelief]) {
        self.subject = subject
        self.at = at
        self.asOf = asOf
        self.predicates = predicates
    }

    enum CodingKeys: String, CodingKey {
        case subject, at, predicates
        case asOf = "as_of"
    }

    public static func == (lhs: SubjectBelief, rhs: SubjectBelief) -> Bool {
        lhs.subject.hasSameBytes(as: rhs.subject) && lhs.at.hasSameBytes(as: rhs.at) && lhs.asOf.hasSameBytes(as: rhs.asOf)
            && lhs.predicates == rhs.predicates
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(subject.exact)
        hasher.combine(predicates)
    }
}

extension SubjectBelief {
    /// The belief as JSON with sorted keys, written without `JSONEncoder` (the daemon's hottest answer).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { json in
            json.key("as_of")
            json.string(asOf)
            json.key("at")
            json.string(at)
            json.key("predicates")
            json.array(predicates) { json, predicate in
                json.object { json in
                    json.key("candidates")
                    json.array(predicate.candidates) { json, candidate in
                        json.object { json in
                            json.key("affirmed_by")
                            json.strings(candidate.affirmedBy)
                            json.key("claims")
                            json.strings(candidate.claims)
                            json.key("denied_by")
                            json.strings(candidate.deniedBy)
                            json.key("object")
                            json.value(candidate.object)
                        }
                    }
                    json.key("predicate")
                    json.string(predicate.predicate)
                    json.key("status")
                    json.string(predicate.status.rawValue)
                }
            }
            json.key("subject")
            json.string(subject)
        }
        return writer.bytes
    }
}
