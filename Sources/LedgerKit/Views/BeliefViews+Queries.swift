import Crypto
import LMDB

extension BeliefViews {
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

    /// The seq of the event with `id`.
    func seq(ofID id: String, in txn: borrowing Transaction) throws(LMDBError) -> UInt64? {
        try idEntry(id, in: txn)?.seq
    }

    /// The seq of the erasure of the claim at `seq`, if it was erased.
    func erasure(ofClaimAt seq: UInt64, in txn: borrowing Transaction) throws(LMDBError) -> UInt64? {
        try txn.withValue(for: seq, in: erasures) { $0.flatMap { UInt64(bigEndianBytes: $0) } }
    }

    /// Subjects in byte order, starting with `prefix`, after `after`, with how many events touch each.
    func subjects(prefix: String, after: String?, limit: Int, in txn: borrowing Transaction) throws -> [(String, UInt64)] {
        var result: [(String, UInt64)] = []
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

    /// Visits every claim, subject by subject in byte order, from the first subject after `after`, until
    /// `body` returns false.
    func forEachClaim(
        after: String?, in txn: borrowing Transaction, _ body: (_ subject: [UInt8], _ record: ClaimRecord) throws -> Bool
    ) throws {
        // Past every key of `after` (its bytes, a zero byte, a seq), and of nothing else.
        let start: [UInt8] = after.map { Array($0.utf8) + [1] } ?? []
        try txn.forEach(in: subjectClaims, from: start) { key, value in
            guard key.count > 9 else { return true }
            let subjectBytes = Array(key[..<(key.count - 9)])
            let seq = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...]))!
            guard let record = ClaimRecord(storedBytes: value, subject: String(decoding: subjectBytes, as: UTF8.self), seq: seq)
            else { return true }
            return try body(subjectBytes, record)
        }
    }

    /// Up to `limit` claims `source` made, in `seq` order after `after`: each one's subject and seq.
    func claims(bySource source: String, after: UInt64, limit: Int, in txn: borrowing Transaction) throws -> [(String, UInt64)] {
        var located: [(String, UInt64)] = []
        let prefix = Self.prefix(source)
        try txn.forEach(in: sourceClaims, from: Self.key(source, seq: after &+ 1)) { key, value in
            guard key.starts(with: prefix), located.count < limit else { return false }
            guard key.count == prefix.count + 8 else { return true }
            let seq = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[prefix.count...]))!
            located.append((String(decoding: value, as: UTF8.self), seq))
            return true
        }
        return located
    }

    /// The seq of every event touching `subject`: its claims, their retractions and their erasures, in order.
    func seqs(touching subject: String, in txn: borrowing Transaction) throws -> [UInt64] {
        var seqs: [UInt64] = []
        for claim in try claims(about: subject, in: txn) {
            seqs.append(claim.seq)
            if let retraction = claim.retraction { seqs.append(retraction.seq) }
            if let erasure = try erasure(ofClaimAt: claim.seq, in: txn) { seqs.append(erasure) }
        }
        return seqs.sorted()
    }

    // MARK: The Merkle tree

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

    /// The right edge of the tree of the first `size` leaves, to which more leaves can be added.
    func treeEdge(size: UInt64, in txn: borrowing Transaction) throws -> MerkleRightEdge {
        try MerkleRightEdge(size: size) { level, index in try node(level: level, index: index, in: txn) }
    }

    func inclusionProof(index: UInt64, size: UInt64, in txn: borrowing Transaction) throws -> [[UInt8]] {
        try MerkleTree.inclusionProof(index: index, size: size) { level, index in try node(level: level, index: index, in: txn) }
    }

    func consistencyProof(first: UInt64, second: UInt64, in txn: borrowing Transaction) throws -> [[UInt8]] {
        try MerkleTree.consistencyProof(first: first, second: second) { level, index in
            try node(level: level, index: index, in: txn)
        }
    }

    /// A digest of every view, for comparing one build with another: equal digests, equal views.
    func digest(in txn: borrowing Transaction) throws -> [UInt8] {
        var hasher = SHA256()
        for name in Layout.all {
            hasher.update(data: Array(name.utf8) + [0])
            try txn.forEach(in: environment.database(named: name)) { key, value in
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
