extension Event {
    /// The RFC 8785 bytes of the stored event and of its Merkle leaf (the same without `evidence`), written
    /// in one pass without building a dictionary: an event's keys are fixed and ASCII, so their canonical
    /// order is known ahead. Tests check the result against ``CanonicalJSON/encode(_:)`` of ``jsonValue``.
    public var canonicalAndLeafBytes: (stored: [UInt8], leaf: [UInt8]) {
        var stored: [UInt8] = []
        var leaf: [UInt8] = []
        stored.reserveCapacity(320)
        leaf.reserveCapacity(256)
        var writer = CanonicalEventWriter(stored: stored, leaf: leaf)
        writer.write(self)
        return (writer.stored, writer.leaf)
    }
}

/// Writes an event's members in RFC 8785 order to the stored form and, but for `evidence`, to the leaf.
private struct CanonicalEventWriter {
    var stored: [UInt8]
    var leaf: [UInt8]
    private var isFirst = true

    init(stored: [UInt8], leaf: [UInt8]) {
        self.stored = stored
        self.leaf = leaf
    }

    mutating func write(_ event: Event) {
        stored.append(UInt8(ascii: "{"))
        leaf.append(UInt8(ascii: "{"))
        // Key order: actor confidence effective_at evidence evidence_hash id object polarity predicate
        // reason recorded_at seq source subject target type (UTF-16 order of ASCII keys is byte order).
        string("actor", event.actor)
        switch event.body {
        case .assert(let claim):
            if let confidence = claim.confidence { member("confidence", .number(confidence)) }
            if let effectiveAt = claim.effectiveAt { time("effective_at", effectiveAt) }
            if let evidence = claim.evidence {
                var bytes: [UInt8] = []
                CanonicalJSON.append(evidence.jsonValue, to: &bytes)
                raw("evidence", bytes, inLeaf: false)
            }
            if let hash = claim.evidenceHash { string("evidence_hash", hash) }
            string("id", event.id)
            member("object", claim.object)
            if let polarity = claim.polarity { string("polarity", polarity.rawValue) }
            string("predicate", claim.predicate)
            time("recorded_at", event.recordedAt)
            member("seq", .number(Double(event.seq)))
            string("source", claim.source)
            string("subject", claim.subject)
        case .retract(let retraction):
            if let effectiveAt = retraction.effectiveAt { time("effective_at", effectiveAt) }
            string("id", event.id)
            string("reason", retraction.reason)
            time("recorded_at", event.recordedAt)
            member("seq", .number(Double(event.seq)))
            string("target", retraction.target)
        case .erase(let erasure):
            string("id", event.id)
            string("reason", erasure.reason)
            time("recorded_at", event.recordedAt)
            member("seq", .number(Double(event.seq)))
            string("target", erasure.target)
        }
        string("type", event.body.type.rawValue)
        stored.append(UInt8(ascii: "}"))
        leaf.append(UInt8(ascii: "}"))
    }

    private mutating func key(_ name: StaticString, inLeaf: Bool) {
        let start = stored.count
        if !isFirst { stored.append(UInt8(ascii: ",")) }
        stored.append(UInt8(ascii: "\""))
        stored.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        stored.append(UInt8(ascii: "\""))
        stored.append(UInt8(ascii: ":"))
        if inLeaf {
            // The leaf's first member is always "actor", so its separators follow the stored form's.
            leaf.append(contentsOf: stored[start...])
        }
        isFirst = false
    }

    private mutating func time(_ name: StaticString, _ value: Timestamp) {
        key(name, inLeaf: true)
        let start = stored.count
        stored.append(UInt8(ascii: "\""))
        value.appendRFC3339(to: &stored)
        stored.append(UInt8(ascii: "\""))
        leaf.append(contentsOf: stored[start...])
    }

    private mutating func string(_ name: StaticString, _ value: String) {
        key(name, inLeaf: true)
        let start = stored.count
        CanonicalJSON.appendString(value, to: &stored)
        leaf.append(contentsOf: stored[start...])
    }

    private mutating func member(_ name: StaticString, _ value: JSONValue) {
        key(name, inLeaf: true)
        let start = stored.count
        CanonicalJSON.append(value, to: &stored)
        leaf.append(contentsOf: stored[start...])
    }

    private mutating func raw(_ name: StaticString, _ bytes: [UInt8], inLeaf: Bool) {
        key(name, inLeaf: inLeaf)
        stored.append(contentsOf: bytes)
        if inLeaf { leaf.append(contentsOf: bytes) }
    }
}
