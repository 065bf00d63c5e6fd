/// The belief's wire form, as `GET /v1/belief` answers it and receipts carry it: times in RFC 3339.
extension SubjectBelief: Codable {
    enum CodingKeys: String, CodingKey {
        case subject, at, predicates
        case asOf = "as_of"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            subject: try container.decode(String.self, forKey: .subject), at: try container.decode(Timestamp.self, forKey: .at),
            asOf: try container.decode(Timestamp.self, forKey: .asOf),
            predicates: try container.decode([PredicateBelief].self, forKey: .predicates))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .subject)
        try container.encode(at, forKey: .at)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(predicates, forKey: .predicates)
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
