import Crypto
import Logging

extension LedgerStore {
    /// Drops every projection and rebuilds it from the event log, `batchSize` events a transaction.
    ///
    /// Progress is kept in the store, so a rebuild cut short (a crash, a kill) is finished by
    /// ``finishInterruptedRebuild()``, which the daemon runs at start.
    public func rebuildProjections(batchSize: Int = 10_000, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws {
        try writeTransaction { txn in
            for name in Projections.databaseNames { try txn.removeAll(in: environment.database(named: name)) }
            try txn.put(UInt64(0), for: Self.rebuildMarker, in: meta)
        }
        try finishInterruptedRebuild(batchSize: batchSize, progress: progress)
    }

    /// Continues a rebuild that was cut short; does nothing otherwise. Returns whether there was one.
    @discardableResult
    public func finishInterruptedRebuild(batchSize: Int = 10_000, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> Bool
    {
        var wasInterrupted = false
        while true {
            let done = try writeTransaction { txn -> Bool in
                guard let through = try txn.value(for: Self.rebuildMarker, in: meta).flatMap({ UInt64(bigEndianBytes: $0) })
                else { return true }
                wasInterrupted = true
                let head = try lastSeq(in: txn)
                guard through < head else {
                    try txn.delete(Self.rebuildMarker, in: meta)
                    return true
                }
                let last = min(head, through + UInt64(batchSize))
                for seq in (through + 1)...last {
                    let event: Event
                    do {
                        guard let decoded = try storedEvent(seq: seq, in: txn)?.decoded() else { continue }
                        event = decoded
                    } catch let error as LedgerError where error.code == .damagedEvent {
                        // Its views cannot be made; `audit verify` names it. The rest of the ledger goes on.
                        logger.error(
                            "Left a damaged event out of the views", metadata: ["seq": "\(seq)", "reason": "\(error.message)"])
                        continue
                    }
                    var target: Event?
                    if case .retract(let retraction) = event.body, let targetSeq = try self.seq(ofID: retraction.target, in: txn)
                    {
                        target = try? storedEvent(seq: targetSeq, in: txn)?.decoded()
                    }
                    try projections.apply(event, retracting: target, in: txn)
                }
                try txn.put(last, for: Self.rebuildMarker, in: meta)
                progress(last, head)
                return false
            }
            if done { return wasInterrupted }
        }
    }

    /// SHA-256 over every key and value of every projection, in order: equal digests, equal views. Compare
    /// it before and after ``rebuildProjections(batchSize:progress:)`` to check the views were right.
    public func projectionsDigest() throws -> String {
        try readSnapshot { txn in
            var hasher = SHA256()
            for name in Projections.databaseNames {
                hasher.update(data: Array(name.utf8) + [0])
                try txn.forEach(in: environment.database(named: name)) { key, value in
                    withUnsafeBytes(of: UInt32(key.count).bigEndian) { hasher.update(bufferPointer: $0) }
                    hasher.update(bufferPointer: key)
                    withUnsafeBytes(of: UInt32(value.count).bigEndian) { hasher.update(bufferPointer: $0) }
                    hasher.update(bufferPointer: value)
                    return true
                }
            }
            return Hex.encode(hasher.finalize())
        }
    }

    static let rebuildMarker = "projections_rebuilt_through"

    func writeTransaction<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        do {
            return try environment.write(body)
        } catch let error as LMDBError {
            throw storageError(error)
        }
    }
}
