/// The answer to `GET /v1/history`.
public struct HistoryResponse: Codable, Sendable, Hashable {
    public var subject: String
    public var events: [HistoryEntry]

    public init(subject: String, events: [HistoryEntry]) {
        self.subject = subject
        self.events = events
    }
}

/// The answer to `GET /v1/claims`: one page of a source's claims.
public struct ClaimsResponse: Codable, Sendable, Hashable {
    public var source: String
    public var claims: [SourceClaim]
    /// Pass as `after` for the next page; absent on the last page.
    public var nextAfter: UInt64?

    public init(source: String, claims: [SourceClaim], nextAfter: UInt64?) {
        self.source = source
        self.claims = claims
        self.nextAfter = nextAfter
    }

    enum CodingKeys: String, CodingKey {
        case source, claims
        case nextAfter = "next_after"
    }
}

/// The answer to `GET /v1/subjects`: one page of subjects.
public struct SubjectsResponse: Codable, Sendable, Hashable {
    public var subjects: [SubjectSummary]
    /// Pass as `after` for the next page; absent on the last page.
    public var nextAfter: String?

    public init(subjects: [SubjectSummary], nextAfter: String?) {
        self.subjects = subjects
        self.nextAfter = nextAfter
    }

    enum CodingKeys: String, CodingKey {
        case subjects
        case nextAfter = "next_after"
    }
}

/// The answer to `GET /v1/contested`: contested predicates of one page of subjects.
public struct ContestedResponse: Codable, Sendable, Hashable {
    public var at: String
    public var asOf: String
    public var contested: [ContestedPredicate]
    /// Pass as `after` for the next page; absent on the last page.
    public var nextAfter: String?

    public init(at: String, asOf: String, contested: [ContestedPredicate], nextAfter: String?) {
        self.at = at
        self.asOf = asOf
        self.contested = contested
        self.nextAfter = nextAfter
    }

    enum CodingKeys: String, CodingKey {
        case at, contested
        case asOf = "as_of"
        case nextAfter = "next_after"
    }
}
