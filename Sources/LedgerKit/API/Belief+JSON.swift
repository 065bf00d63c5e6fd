/// The belief's wire form, as `GET /v1/belief` answers it and receipts carry it: times in RFC 3339.
extension SubjectBelief: Codable {
    enum CodingKeys: String, CodingKey {
        case subject, at, predicates, sources
        case asOf = "as_of"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var sources: [ExactString: SourceStanding]?
        if let named = try container.decodeIfPresent(JSONValue.self, forKey: .sources) {
            guard case .object(let members) = named else {
                throw DecodingError.dataCorruptedError(
                    forKey: .sources, in: container, debugDescription: "sources must be an object keyed by source name.")
            }
            sources = [:]
            for name in members.names {
                guard let value = members[name] else { continue }
                sources?[name.exact] = try JSONValueDecoder().decode(SourceStanding.self, from: value)
            }
        }
        self.init(
            subject: try container.decode(String.self, forKey: .subject), at: try container.decode(Timestamp.self, forKey: .at),
            asOf: try container.decode(Timestamp.self, forKey: .asOf),
            predicates: try container.decode([PredicateBelief].self, forKey: .predicates), sources: sources)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .subject)
        try container.encode(at, forKey: .at)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(predicates, forKey: .predicates)
        if let sources { try container.encode(Self.sourcesValue(sources), forKey: .sources) }
    }

    /// `{"NAME": {"group": …, "reliability": …}}`, as a JSON value (names are any bytes, not keys of a
    /// Swift dictionary of `String`).
    static func sourcesValue(_ sources: [ExactString: SourceStanding]) -> JSONValue {
        var members = JSONObject()
        for (name, standing) in sources.sorted(by: { $0.key < $1.key }) {
            var standingMembers = JSONObject()
            standingMembers["group"] = .string(standing.group)
            standingMembers["reliability"] = .string(standing.reliability.rawValue)
            members[name.string] = .object(standingMembers)
        }
        return .object(members)
    }
}

extension SubjectBelief {
    /// The belief as JSON with sorted keys, written without `JSONEncoder` (the daemon's hottest answer).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { json in
            json.key("as_of")
            json.string(asOf.rfc3339)
            json.key("at")
            json.string(at.rfc3339)
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
                            if let credibility = candidate.credibility {
                                json.key("credibility")
                                json.value(.number(Double(credibility.rawValue)))
                            }
                            json.key("denied_by")
                            json.strings(candidate.deniedBy)
                            json.key("object")
                            json.value(candidate.object)
                        }
                    }
                    if let loadBearing = predicate.loadBearing {
                        json.key("load_bearing")
                        json.strings(loadBearing)
                    }
                    json.key("predicate")
                    json.string(predicate.predicate)
                    json.key("status")
                    json.string(predicate.status.rawValue)
                }
            }
            if let sources {
                json.key("sources")
                json.value(Self.sourcesValue(sources))
            }
            json.key("subject")
            json.string(subject)
        }
        return writer.bytes
    }
}
