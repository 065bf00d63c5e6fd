/// The belief views, kept in LMDB and updated in the same write transaction as the append that
/// causes them, so a view is never stale and never lost.
///
/// Key layout (`0` is a zero byte, seq is 8 bytes big-endian; subjects and sources hold no zero byte):
/// - `subject_claims`: subject 0 seq → ``ClaimRecord`` (compact), one per claim, with its retraction.
/// - `subjects`: subject → number of events that touch it (its claims and their retractions), then the
///   seq of the last of them (8 bytes each).
/// - `source_claims`: source 0 seq → subject, one per claim.
struct Projections {
    static let subjectClaims = "subject_claims"
    static let subjects = "subjects"
    static let sourceClaims = "source_claims"
    static let databaseNames = [subjectClaims, subjects, sourceClaims]

    let subjectClaims: Database
    let subjects: Database
    let sourceClaims: Database

    init(environment: Environment) {
        subjectClaims = environment.database(named: Self.subjectClaims)
        subjects = environment.database(named: Self.subjects)
        sourceClaims = environment.database(named: Self.sourceClaims)
    }

    static func key(_ name: String, seq: UInt64) -> [UInt8] {
        var key = Array(name.utf8)
        key.reserveCapacity(key.count + 9)
        key.append(0)
        withUnsafeBytes(of: seq.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    static func prefix(_ name: String) -> [UInt8] {
        Array(name.utf8) + [0]
    }

    /// Updates every view for `event`; `target` is the claim a retraction withdraws.
    func apply(_ event: Event, retracting target: Event?, in txn: borrowing Transaction) throws(LMDBError) {
        switch event.body {
        case .assert(let claim):
            guard let record = ClaimRecord(event) else { return }
            try txn.put(record.storedBytes, for: Self.key(claim.subject, seq: event.seq), in: subjectClaims)
            try txn.put(claim.subject, for: Self.key(claim.source, seq: event.seq), in: sourceClaims)
            try countEvent(event.seq, of: claim.subject, in: txn)
        case .erase:
            return  // an erasure changes no belief
        case .retract:
            guard let target, case .assert(let claim) = target.body else { return }
            let key = Self.key(claim.subject, seq: target.seq)
            guard
                var record = try txn.withValue(
                    for: key, in: subjectClaims,
                    { bytes in
                        bytes.flatMap { ClaimRecord(storedBytes: $0, subject: claim.subject, seq: target.seq) }
                    })
            else { return }
            record.retraction = RetractionRecord(seq: event.seq, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt)
            try txn.put(record.storedBytes, for: key, in: subjectClaims)
            try countEvent(event.seq, of: claim.subject, in: txn)
        }
    }

    private func countEvent(_ seq: UInt64, of subject: String, in txn: borrowing Transaction) throws(LMDBError) {
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

    /// The seq of the last event touching `subject`, 0 if none does.
    func lastSeq(touching subject: String, in txn: borrowing Transaction) throws(LMDBError) -> UInt64 {
        try txn.withValue(for: subject, in: subjects) { $0.flatMap(Self.subjectSummary)?.lastSeq } ?? 0
    }

    /// Every claim about `subject`, in `seq` order.
    func claims(about subject: String, in txn: borrowing Transaction) throws -> [ClaimRecord] {
        let prefix = Self.prefix(subject)
        var records: [ClaimRecord] = []
        try txn.forEach(in: subjectClaims, from: prefix) { key, value in
            guard key.count == prefix.count + 8, key.starts(with: prefix) else { return key.starts(with: prefix) }
            let seq = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[prefix.count...]))!
            if let record = ClaimRecord(storedBytes: value, subject: subject, seq: seq) { records.append(record) }
            return true
        }
        return records
    }

    /// The claim `seq` about `subject`, if there is one.
    func claim(about subject: String, seq: UInt64, in txn: borrowing Transaction) throws(LMDBError) -> ClaimRecord? {
        try txn.withValue(for: Self.key(subject, seq: seq), in: subjectClaims) { bytes in
            bytes.flatMap { ClaimRecord(storedBytes: $0, subject: subject, seq: seq) }
        }
    }
}
