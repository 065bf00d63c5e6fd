import Crypto
import LMDB

/// The views' reads, in the ledger's terms: each one a consistent snapshot of its own, so that queries
/// never see a transaction.
extension BeliefViews {
    /// Every claim about `subject`, in `seq` order.
    func claims(about subject: String) throws -> [ClaimRecord] {
        try read { txn in try claims(about: subject, in: txn) }
    }

    /// Subjects in byte order, starting with `prefix`, after `after`, with how many events touch each.
    func subjects(prefix: String, after: String?, limit: Int) throws -> [(subject: String, events: UInt64)] {
        try read { txn in
            var result: [(subject: String, events: UInt64)] = []
            let prefixBytes = Array(prefix.utf8)
            // The first key past `after` (its bytes and a zero byte), but never before the prefix.
            let afterBytes: [UInt8] = after.map { Array($0.utf8) + [0] } ?? []
            let start = afterBytes.lexicographicallyPrecedes(prefixBytes) ? prefixBytes : afterBytes
            try txn.forEach(in: subjects, from: start) { key, value in
                guard key.starts(with: prefixBytes), result.count < limit else { return false }
                result.append((String(decoding: key, as: UTF8.self), Self.subjectSummary(value)?.events ?? 0))
                return true
            }
            return result
        }
    }

    /// Visits every claim, subject by subject in byte order, from the first subject after `after`, until
    /// `body` returns false; on one snapshot.
    func forEachClaim(after: String?, _ body: (_ subject: [UInt8], _ record: ClaimRecord) throws -> Bool) throws {
        try read { txn in
            // Past every key of `after` (its bytes, a zero byte, a seq), and of nothing else.
            let start: [UInt8] = after.map { Array($0.utf8) + [1] } ?? []
            try txn.forEach(in: subjectClaims, from: start) { key, value in
                guard key.count > 9, let seq = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...]))
                else { return true }
                let subjectBytes = Array(key[..<(key.count - 9)])
                guard
                    let record = ClaimRecord(
                        storedBytes: value, subject: String(decoding: subjectBytes, as: UTF8.self), seq: seq)
                else { return true }
                return try body(subjectBytes, record)
            }
        }
    }

    /// Up to `limit` claims `source` made, in `seq` order after `after`, each with every claim about its
    /// subject (for the predicate's status); on one snapshot.
    func claims(
        bySource source: String, after: UInt64, limit: Int
    ) throws -> [(claim: ClaimRecord, subjectClaims: [ClaimRecord])] {
        try read { txn in
            var located: [(String, UInt64)] = []
            let prefix = Self.prefix(source)
            try txn.forEach(in: sourceClaims, from: Self.key(source, seq: after &+ 1)) { key, value in
                guard key.starts(with: prefix), located.count < limit else { return false }
                guard key.count == prefix.count + 8,
                    let seq = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[prefix.count...]))
                else { return true }
                located.append((String(decoding: value, as: UTF8.self), seq))
                return true
            }
            var bySubject: [ExactString: [ClaimRecord]] = [:]
            return try located.compactMap { subject, seq in
                guard let claim = try claim(about: subject, seq: seq, in: txn) else { return nil }
                if bySubject[subject.exact] == nil { bySubject[subject.exact] = try claims(about: subject, in: txn) }
                return (claim, bySubject[subject.exact] ?? [])
            }
        }
    }

    /// Every claim about `subject` and, for those whose evidence was erased, the erasure's seq; on one
    /// snapshot.
    func claimsWithErasures(about subject: String) throws -> (claims: [ClaimRecord], erasures: [UInt64: UInt64]) {
        try read { txn in
            let claims = try claims(about: subject, in: txn)
            var erasures: [UInt64: UInt64] = [:]
            for claim in claims { erasures[claim.seq] = try erasure(ofClaimAt: claim.seq, in: txn) }
            return (claims, erasures)
        }
    }

    /// The seq of every event touching `subject`: its claims, their retractions and their erasures, in order.
    func seqs(touching subject: String) throws -> [UInt64] {
        try read { txn in try seqs(touching: subject, in: txn) }
    }

    /// The seq of the event with `id`.
    func seq(ofID id: String) throws -> UInt64? {
        try read { txn in try idEntry(id, in: txn)?.seq }
    }

    // MARK: The Merkle tree

    /// The tree head at `size` (default: every event the views hold).
    ///
    /// - Throws: ``LedgerError/Code/notFound`` past the views' head.
    func treeHead(size: UInt64?) throws -> TreeHeadRecord {
        try read { txn in
            let size = try checkedSize(size, in: txn)
            return TreeHeadRecord(size: size, root: try root(size: size, in: txn))
        }
    }

    /// The inclusion proof of event `seq` in the tree of `treeSize` (default: the views' head).
    func inclusionProof(seq: UInt64, treeSize: UInt64?) throws -> InclusionPath {
        try read { txn in
            let size = try checkedSize(treeSize, in: txn)
            guard seq >= 1, seq <= size else {
                throw LedgerError(code: .notFound, message: "There is no event \(seq) in the tree of size \(size).")
            }
            return try inclusionPath(seq: seq, size: size, in: txn)
        }
    }

    /// The consistency proof from the tree of `first` events to the tree of `second`.
    func consistencyProof(first: UInt64, second: UInt64?) throws -> ConsistencyPath {
        try read { txn in
            let size = try checkedSize(second, in: txn)
            guard first <= size else {
                throw LedgerError(code: .invalidValue, message: "first (\(first)) must not be larger than second (\(size)).")
            }
            let proof =
                first == 0
                ? []
                : try MerkleTree.consistencyProof(first: first, second: size) { level, index in
                    try node(level: level, index: index, in: txn)
                }
            return ConsistencyPath(first: first, second: size, path: proof)
        }
    }

    /// What a receipt for `subjects` is bound to, on one snapshot: the tree head of every event the views
    /// hold, the events touching any of the subjects up to it, in `seq` order, and each one's inclusion
    /// proof.
    func receiptTree(for subjects: [String]) throws -> (head: TreeHeadRecord, proofs: [InclusionPath]) {
        try read { txn in
            let size = try appliedThrough(in: txn)
            var touching: Set<UInt64> = []
            for subject in subjects { touching.formUnion(try seqs(touching: subject, in: txn)) }
            let proofs = try touching.filter { $0 <= size }.sorted().map { seq in
                try inclusionPath(seq: seq, size: size, in: txn)
            }
            return (TreeHeadRecord(size: size, root: try root(size: size, in: txn)), proofs)
        }
    }

    /// The right edge of the tree of the first `size` leaves, to which more leaves can be added.
    func treeEdge(size: UInt64) throws -> MerkleRightEdge {
        try read { txn in try treeEdge(size: size, in: txn) }
    }

    /// A digest of every view, for comparing one build with another: equal digests, equal views.
    func digest() throws -> [UInt8] {
        try read { txn in
            var hasher = SHA256()
            for name in Layout.all {
                hasher.update(data: Array(name.utf8) + [0])
                try txn.forEach(in: storage.environment.database(named: name)) { key, value in
                    withUnsafeBytes(of: UInt32(key.count).bigEndian) { hasher.update(bufferPointer: $0) }
                    hasher.update(bufferPointer: key)
                    withUnsafeBytes(of: UInt32(value.count).bigEndian) { hasher.update(bufferPointer: $0) }
                    hasher.update(bufferPointer: value)
                    return true
                }
            }
            return Array(hasher.finalize())
        }
    }

    /// The leaf the views hold for event `seq`, if they hold it.
    func leafHash(seq: UInt64) throws -> [UInt8]? {
        try read { txn in try txn.value(for: Self.merkleKey(level: 0, index: seq - 1), in: merkleNodes) }
    }

    // MARK: Reads within a transaction

    func claims(about subject: String, in txn: borrowing Transaction) throws -> [ClaimRecord] {
        let prefix = Self.prefix(subject)
        var records: [ClaimRecord] = []
        try txn.forEach(in: subjectClaims, from: prefix) { key, value in
            guard key.count == prefix.count + 8, key.starts(with: prefix),
                let seq = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[prefix.count...]))
            else { return key.starts(with: prefix) }
            if let record = ClaimRecord(storedBytes: value, subject: subject, seq: seq) { records.append(record) }
            return true
        }
        return records
    }

    func claim(about subject: String, seq: UInt64, in txn: borrowing Transaction) throws(LMDBError) -> ClaimRecord? {
        try txn.withValue(for: Self.key(subject, seq: seq), in: subjectClaims) { bytes in
            bytes.flatMap { ClaimRecord(storedBytes: $0, subject: subject, seq: seq) }
        }
    }

    /// The seq of the erasure of the claim at `seq`, if it was erased.
    func erasure(ofClaimAt seq: UInt64, in txn: borrowing Transaction) throws(LMDBError) -> UInt64? {
        try txn.withValue(for: seq, in: erasures) { $0.flatMap { UInt64(bigEndianBytes: $0) } }
    }

    func seqs(touching subject: String, in txn: borrowing Transaction) throws -> [UInt64] {
        var seqs: [UInt64] = []
        for claim in try claims(about: subject, in: txn) {
            seqs.append(claim.seq)
            if let retraction = claim.retraction { seqs.append(retraction.seq) }
            if let erasure = try erasure(ofClaimAt: claim.seq, in: txn) { seqs.append(erasure) }
        }
        return seqs.sorted()
    }

    /// `treeSize`, or the views' head when `nil`; never past the head.
    private func checkedSize(_ treeSize: UInt64?, in txn: borrowing Transaction) throws -> UInt64 {
        let head = try appliedThrough(in: txn)
        guard let treeSize else { return head }
        guard treeSize <= head else {
            throw LedgerError(
                code: .notFound, message: "The ledger has \(head) events; there is no tree of size \(treeSize) yet.")
        }
        return treeSize
    }

    /// The perfect node (level, index).
    func node(level: Int, index: UInt64, in txn: borrowing Transaction) throws -> [UInt8] {
        guard let hash = try txn.value(for: Self.merkleKey(level: level, index: index), in: merkleNodes) else {
            throw LedgerError(
                code: .storageFailure,
                message: "The Merkle node at level \(level), index \(index) is missing from the views; rebuild them.")
        }
        return hash
    }

    func root(size: UInt64, in txn: borrowing Transaction) throws -> [UInt8] {
        try MerkleTree.root(size: size) { level, index in try node(level: level, index: index, in: txn) }
    }

    func treeEdge(size: UInt64, in txn: borrowing Transaction) throws -> MerkleRightEdge {
        try MerkleRightEdge(size: size) { level, index in try node(level: level, index: index, in: txn) }
    }

    private func inclusionPath(seq: UInt64, size: UInt64, in txn: borrowing Transaction) throws -> InclusionPath {
        InclusionPath(
            seq: seq, treeSize: size, leafHash: try node(level: 0, index: seq - 1, in: txn),
            path: try MerkleTree.inclusionProof(index: seq - 1, size: size) { level, index in
                try node(level: level, index: index, in: txn)
            })
    }
}
