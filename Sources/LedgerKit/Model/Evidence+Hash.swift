import Crypto

extension Evidence {
    /// Lowercase hex SHA-256 of the evidence's RFC 8785 bytes, salt included: what a claim's
    /// `evidence_hash` must be (docs/semantics.md § Events).
    public var hash: String {
        Hex.encode(SHA256.hash(data: CanonicalJSON.encode(jsonValue)))
    }
}
