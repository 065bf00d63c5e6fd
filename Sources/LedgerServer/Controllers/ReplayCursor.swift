import LedgerKit
import NIOCore

/// Where a replay is: the next `seq` to send, the last one wanted, and how many more may go.
struct ReplayCursor: Sendable {
    var next: UInt64
    let to: UInt64
    var remaining: Int
    let subject: String?
    /// Events read per page; short reads keep LMDB's free pages reusable.
    static let pageSize = 1_000

    var isFinished: Bool { remaining <= 0 || next > to }

    /// The next events as NDJSON, at most a page of them; `nil` when none is committed yet.
    mutating func nextChunk(from queries: LedgerQueries) async throws -> ByteBuffer? {
        guard !isFinished else { return nil }
        let wanted = min(remaining, Self.pageSize)
        var chunk = ByteBuffer()
        var count = 0
        if let subject {
            // The head first: an event committed after it has a larger seq and is found next time.
            let head = try queries.head()
            let (first, last) = (next, min(to, head))
            let seqs = Array(try queries.seqs(touching: subject).filter { $0 >= first && $0 <= last }.prefix(wanted))
            let stored = try await queries.log.storedBytes(at: seqs)
            for seq in seqs {
                guard let bytes = stored[seq] else { continue }
                chunk.writeBytes(bytes)
                chunk.writeInteger(UInt8(ascii: "\n"))
                count += 1
                next = seq + 1
            }
            if count < wanted { next = max(next, min(to, head) &+ 1) }
        } else {
            let page = try await queries.log.events(in: next...to, limit: wanted, withLeaves: false)
            chunk.writeBytes(page.bytes)
            count = page.count
            if let last = page.lastSeq { next = last + 1 }
        }
        remaining -= count
        return count > 0 ? chunk : nil
    }
}
