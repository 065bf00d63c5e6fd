/// What backs a claim: kept beside it, committed to by ``Assertion/evidenceHash``, erasable.
public struct Evidence: Sendable, Hashable {
    /// The source's words.
    public var quote: String?
    /// Where they were published (a URL).
    public var citation: String?
    /// A note of the person who recorded the claim.
    public var note: String?
    /// 32 lowercase hex characters of randomness added by the daemon, so a guessed quote cannot be
    /// confirmed against the hash.
    public var salt: String?

    public init(quote: String? = nil, citation: String? = nil, note: String? = nil, salt: String? = nil) {
        self.quote = quote
        self.citation = citation
        self.note = note
        self.salt = salt
    }

    /// The JSON object, absent members left out.
    public var jsonValue: JSONValue {
        var members = JSONObject()
        if let quote { members[EventField.quote] = .string(quote) }
        if let citation { members[EventField.citation] = .string(citation) }
        if let note { members[EventField.note] = .string(note) }
        if let salt { members[EventField.salt] = .string(salt) }
        return .object(members)
    }
}
