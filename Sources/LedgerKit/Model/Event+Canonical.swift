extension Event {
    /// The RFC 8785 bytes of the stored event and of its Merkle leaf (the same without `evidence`), written
    /// in one pass without building a dictionary: an event's keys are fixed and ASCII, so their canonical
    /// order is known ahead. Tests check the result against ``CanonicalJSON/encode(_:)`` of ``jsonValue``.
    public var canonicalAndLeafBytes: (stored: [UInt8], leaf: [UInt8]) {
        let parts = CanonicalEventParts(actor: actor, id: id, body: body)
        return (parts.stored(recordedAt: recordedAt, seq: seq), parts.leaf(recordedAt: recordedAt, seq: seq))
    }
}

/// An event's canonical bytes but for the two members only the writer knows, `recorded_at` and `seq`,
/// which sort between `reason` and `source`: everything else is written ahead, on the request's thread,
/// and the writer only splices the middle in and hashes.
///
/// Key order: actor basis confidence effective_at evidence evidence_hash id object polarity predicate
/// reason | recorded_at seq | source subject target type via (the keys are ASCII, so UTF-16 order is
/// byte order).
public struct CanonicalEventParts: Sendable, Hashable {
    /// `{"actor":…` through `reason`, without a trailing comma.
    public let head: [UInt8]
    /// Where `,"evidence":{…}` is in ``head``: the leaf leaves it out.
    public let evidenceMember: Range<Int>?
    /// `,"source":…` through the closing brace.
    public let tail: [UInt8]

    /// The parts of an event with this actor, id and content.
    ///
    /// - Parameter objectBytes: The claim's object in canonical form, when the caller has it already.
    public init(actor: String, id: String, body: EventBody, objectBytes: [UInt8]? = nil) {
        var writer = MemberWriter()
        writer.string("actor", actor)
        var evidenceMember: Range<Int>?
        switch body {
        case .assert(let claim):
            if let basis = claim.basis { writer.string("basis", basis.rawValue) }
            if let confidence = claim.confidence { writer.value("confidence", .number(confidence)) }
            if let effectiveAt = claim.effectiveAt { writer.time("effective_at", effectiveAt) }
            if let evidence = claim.evidence {
                let start = writer.bytes.count
                writer.value("evidence", evidence.jsonValue)
                evidenceMember = start..<writer.bytes.count
            }
            if let hash = claim.evidenceHash { writer.string("evidence_hash", hash) }
            writer.string("id", id)
            if let objectBytes {
                writer.raw("object", objectBytes)
            } else {
                writer.value("object", claim.object)
            }
            if let polarity = claim.polarity { writer.string("polarity", polarity.rawValue) }
            writer.string("predicate", claim.predicate)
        case .retract(let retraction):
            if let effectiveAt = retraction.effectiveAt { writer.time("effective_at", effectiveAt) }
            writer.string("id", id)
            writer.string("reason", retraction.reason)
        case .erase(let erasure):
            writer.string("id", id)
            writer.string("reason", erasure.reason)
        }
        head = writer.bytes
        self.evidenceMember = evidenceMember
        writer = MemberWriter(isFirst: false)
        switch body {
        case .assert(let claim):
            writer.string("source", claim.source)
            writer.string("subject", claim.subject)
        case .retract(let retraction):
            writer.string("target", retraction.target)
        case .erase(let erasure):
            writer.string("target", erasure.target)
        }
        writer.string("type", body.type.rawValue)
        if case .assert(let claim) = body, let via = claim.via {
            writer.value("via", .array(via.map(JSONValue.string)))
        }
        writer.bytes.append(UInt8(ascii: "}"))
        tail = writer.bytes
    }

    /// `,"recorded_at":"…","seq":N`.
    public static func middle(recordedAt: Timestamp, seq: UInt64) -> [UInt8] {
        var writer = MemberWriter(isFirst: false)
        writer.time("recorded_at", recordedAt)
        writer.value("seq", .number(Double(seq)))
        return writer.bytes
    }

    /// The stored event's bytes.
    public func stored(recordedAt: Timestamp, seq: UInt64) -> [UInt8] {
        let middle = Self.middle(recordedAt: recordedAt, seq: seq)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.count + middle.count + tail.count)
        bytes += head
        bytes += middle
        bytes += tail
        return bytes
    }

    /// The leaf's bytes: the stored ones without `evidence`.
    public func leaf(recordedAt: Timestamp, seq: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        if let evidenceMember {
            bytes += head[..<evidenceMember.lowerBound]
            bytes += head[evidenceMember.upperBound...]
        } else {
            bytes += head
        }
        bytes += Self.middle(recordedAt: recordedAt, seq: seq)
        bytes += tail
        return bytes
    }
}

/// Writes `"name":value` members one after another, with commas between them.
private struct MemberWriter {
    var bytes: [UInt8] = []
    private var isFirst: Bool

    init(isFirst: Bool = true) {
        self.isFirst = isFirst
        bytes.reserveCapacity(isFirst ? 256 : 128)
        if isFirst { bytes.append(UInt8(ascii: "{")) }
    }

    private mutating func key(_ name: StaticString) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        isFirst = false
    }

    mutating func time(_ name: StaticString, _ value: Timestamp) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        value.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        CanonicalJSON.appendString(value, to: &bytes)
    }

    mutating func value(_ name: StaticString, _ value: JSONValue) {
        key(name)
        CanonicalJSON.append(value, to: &bytes)
    }

    mutating func raw(_ name: StaticString, _ canonical: [UInt8]) {
        key(name)
        bytes += canonical
    }
}
