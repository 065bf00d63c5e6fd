import LMDB
import Logging

extension BeliefViews {
    /// Applies events to every view in one transaction, in `seq` order, and records how far they got.
    /// Events at or below ``appliedThrough()`` are passed over, so a catch-up may overlap what is there.
    ///
    /// - Throws: ``LedgerError`` when an event would leave a gap, or the storage fails.
    public func apply(_ events: some Collection<PlannedEvent>) throws {
        guard !events.isEmpty else { return }
        try write { txn in
            var applied = try appliedThrough(in: txn)
            for planned in events where planned.seq > applied {
                guard planned.seq == applied + 1 else {
                    throw LedgerError(
                        code: .storageFailure,
                        message: "The views hold events through \(applied) and were given \(planned.seq); restart ledgerd to "
                            + "catch them up from the log.")
                }
                try apply(planned, in: txn)
                applied = planned.seq
            }
            try txn.put(applied, for: Layout.appliedThrough, in: meta)
        }
    }

    private func apply(_ planned: PlannedEvent, in txn: borrowing Transaction) throws {
        guard let event = planned.event else {
            // Damaged: its leaf keeps the tree whole, its id stays taken, and it has no other view.
            if let id = planned.damagedID {
                var entry = IDEntry(seq: planned.seq, type: .assert)
                entry.isDamaged = true
                try txn.put(entry.bytes, for: id, in: eventIDs)
            }
            try appendLeaf(planned.leafHash, seq: planned.seq, in: txn)
            return
        }
        var entry = IDEntry(seq: event.seq, type: event.body.type)
        switch event.body {
        case .assert(let claim):
            let record = ClaimRecord(
                seq: event.seq, id: event.id, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt,
                subject: claim.subject,
                predicate: claim.predicate, object: planned.objectBytes, source: claim.source, polarity: claim.stance,
                isInferred: claim.basis == .inferred)
            try txn.put(record.storedBytes, for: Self.key(claim.subject, seq: event.seq), in: subjectClaims)
            try txn.put(claim.subject, for: Self.key(claim.source, seq: event.seq), in: sourceClaims)
            try countEvent(event.seq, touching: claim.subject, in: txn)
            entry.hasEvidence = claim.evidence != nil
            entry.subject = claim.subject
        case .retract(let retraction):
            if let target = try idEntry(retraction.target, in: txn), let subject = target.subject {
                try txn.put(event.seq, for: target.seq, in: retractions)
                let key = Self.key(subject, seq: target.seq)
                let stored = try txn.withValue(for: key, in: subjectClaims) { bytes in
                    bytes.flatMap { ClaimRecord(storedBytes: $0, subject: subject, seq: target.seq) }
                }
                if var record = stored {
                    record.retraction = RetractionRecord(
                        seq: event.seq, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt)
                    try txn.put(record.storedBytes, for: key, in: subjectClaims)
                }
                try countEvent(event.seq, touching: subject, in: txn)
            } else {
                logger.error(
                    "A retraction's claim is not in the views",
                    metadata: ["seq": "\(event.seq)", "target": "\(retraction.target)"])
            }
        case .erase(let erasure):
            if var target = try idEntry(erasure.target, in: txn) {
                try txn.put(event.seq, for: target.seq, in: erasures)
                target.hasEvidence = false
                try txn.put(target.bytes, for: erasure.target, in: eventIDs)
            } else {
                logger.error(
                    "An erasure's claim is not in the views", metadata: ["seq": "\(event.seq)", "target": "\(erasure.target)"])
            }
        }
        try txn.put(entry.bytes, for: event.id, in: eventIDs)
        try appendLeaf(planned.leafHash, seq: event.seq, in: txn)
    }

    /// Counts one more event touching `subject`, the last at `seq`.
    private func countEvent(_ seq: UInt64, touching subject: String, in txn: borrowing Transaction) throws(LMDBError) {
        let count = try txn.withValue(for: subject, in: subjects) { $0.flatMap(Self.subjectSummary)?.events } ?? 0
        var writer = ByteWriter()
        writer.write(count + 1)
        writer.write(seq)
        try txn.put(writer.bytes, for: subject, in: subjects)
    }

    /// A `subjects` value: how many events touch the subject, and the last one's seq.
    static func subjectSummary(_ bytes: UnsafeRawBufferPointer) -> (events: UInt64, lastSeq: UInt64)? {
        var reader = ByteReader(bytes)
        guard let events = reader.readUInt64(), let last = reader.readUInt64() else { return nil }
        return (events, last)
    }

    /// Adds the leaf of event `seq` and every perfect node it completes (one more, on average).
    private func appendLeaf(_ leafHash: [UInt8], seq: UInt64, in txn: borrowing Transaction) throws {
        var index = seq - 1
        var hash = leafHash
        try txn.put(hash, for: Self.merkleKey(level: 0, index: index), in: merkleNodes)
        var level = 0
        while index & 1 == 1 {
            guard let left = try txn.value(for: Self.merkleKey(level: level, index: index - 1), in: merkleNodes) else {
                throw LedgerError(
                    code: .storageFailure,
                    message: "The Merkle node (\(level), \(index - 1)) is missing from the views; rebuild them.")
            }
            hash = MerkleHash.node(left, hash)
            index >>= 1
            level += 1
            try txn.put(hash, for: Self.merkleKey(level: level, index: index), in: merkleNodes)
        }
    }
}

/// An `event_ids` value: where the event is, what it is, and for a claim whether it still has its
/// evidence and what it is about.
struct IDEntry {
    var seq: UInt64
    var type: EventType
    var hasEvidence = false
    /// A stored event that cannot be read back: only its position is known.
    var isDamaged = false
    var subject: String?

    init(seq: UInt64, type: EventType) {
        self.seq = seq
        self.type = type
    }

    init?(_ bytes: UnsafeRawBufferPointer) {
        var reader = ByteReader(bytes)
        guard let seq = reader.readUInt64(), let type = reader.readUInt8(), let flags = reader.readUInt8() else { return nil }
        self.seq = seq
        switch type {
        case 0: self.type = .assert
        case 1: self.type = .retract
        case 2: self.type = .erase
        default: return nil
        }
        hasEvidence = flags & 1 == 1
        isDamaged = flags & 2 == 2
        if self.type == .assert, !isDamaged {
            subject = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[reader.offset...]), as: UTF8.self)
        }
    }

    var bytes: [UInt8] {
        var writer = ByteWriter()
        writer.write(seq)
        writer.write(UInt8(type == .assert ? 0 : type == .retract ? 1 : 2))
        writer.write(UInt8((hasEvidence ? 1 : 0) | (isDamaged ? 2 : 0)))
        if let subject { writer.bytes += subject.utf8 }
        return writer.bytes
    }
}

extension BeliefViews {
    func idEntry(_ id: String, in txn: borrowing Transaction) throws(LMDBError) -> IDEntry? {
        try txn.withValue(for: id, in: eventIDs) { $0.flatMap(IDEntry.init) }
    }
}
