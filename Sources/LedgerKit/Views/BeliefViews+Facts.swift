import LMDB

extension BeliefViews {
    /// The facts a group's plan needs, from the views (ids, retractions, erasures, subjects) and from the
    /// log (`storedBytes`: the bytes of re-sent events and erase targets, and of restored positions).
    ///
    /// The views must hold every event of the log, as they do between the writer's commits.
    func facts(
        for request: FactRequest, head: LogHead, storedBytes: (Set<UInt64>) throws -> [UInt64: [UInt8]]
    ) throws -> LedgerFacts {
        var facts = LedgerFacts(head: head.seq, lastRecordedAt: head.lastRecordedAt, restoredThrough: head.restoredThrough)
        var wanted = request.seqs.filter { $0 <= head.seq }
        var bytesFor: [UInt64: ExactString] = [:]
        try read { txn in
            for id in request.ids {
                guard let entry = try idEntry(id.string, in: txn) else { continue }
                var known = KnownEvent(
                    seq: entry.seq, type: entry.type, subject: entry.subject, hasEvidence: entry.hasEvidence,
                    isDamaged: entry.isDamaged)
                if entry.type == .assert {
                    known.retractedBy = try txn.withValue(for: entry.seq, in: retractions) {
                        $0.flatMap { UInt64(bigEndianBytes: $0) }
                    }
                    known.erasedBy = try txn.withValue(for: entry.seq, in: erasures) { $0.flatMap { UInt64(bigEndianBytes: $0) } }
                }
                facts.events[id] = known
                if request.idsWithBytes.contains(id) {
                    wanted.insert(entry.seq)
                    bytesFor[entry.seq] = id
                }
            }
            for subject in request.subjects {
                facts.subjectLastSeq[subject] =
                    try txn.withValue(for: subject.string, in: subjects) { $0.flatMap(Self.subjectSummary)?.lastSeq } ?? 0
            }
            if request.treeEdge { facts.treeEdge = try treeEdge(size: head.seq, in: txn) }
        }
        guard !wanted.isEmpty else { return facts }
        let bytes = try storedBytes(wanted)
        for (seq, id) in bytesFor { facts.events[id]?.storedBytes = bytes[seq] }
        for seq in request.seqs { if let stored = bytes[seq] { facts.storedBySeq[seq] = stored } }
        return facts
    }
}
