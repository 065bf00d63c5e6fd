import Foundation
import Hummingbird
import LedgerKit
import Logging
import NIOCore
import NIOPosix

/// `POST /v1/admin/backup`, `/restore` and `/compact`: for the daemon's own user and `admin_users`.
///
/// Backups and compactions run on NIO's blocking thread pool, and restores on the writer: each takes
/// seconds, and must not hold a thread that serves other requests.
struct AdminController {
    let ledger: Ledger
    let writer: EventWriter
    let limits: DaemonConfiguration.Limits
    let logger: Logger

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.post("/v1/admin/backup", use: backup)
        group.post("/v1/admin/restore", use: restore)
        group.post("/v1/admin/compact", use: compact)
    }

    /// `{"directory": "/absolute/path"}` → a compacted copy there, and the tree head it holds.
    @Sendable func backup(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let backup: BackupRequest
        do {
            backup = try JSONValueDecoder().decode(BackupRequest.self, from: Array(body.readableBytesView))
        } catch {
            throw APIError(
                .badRequest, code: .badRequest, #"Send {"directory": "/absolute/path"}: the directory to write the backup into."#)
        }
        guard let copier = ledger.log.backup else {
            throw LedgerError(
                code: .invalidValue,
                message: "This ledger's event log is a shared database, not a file of ledgerd's: it is backed up with the "
                    + "database's own tools (pg_dump or pg_basebackup).")
        }
        // The checkpoint key goes with the data, so that a restored daemon signs as this one did.
        let head = try await NIOThreadPool.singleton.runIfActive {
            try copier.backup(to: backup.directory, alongWith: [CheckpointKey.fileName])
        }
        logger.notice(
            "Backed up the ledger",
            metadata: ["directory": "\(backup.directory)", "tree_size": "\(head.size)", "by": "\(context.peer?.userName ?? "")"])
        return try JSONResponse.make(
            BackupResponse(directory: backup.directory, treeSize: head.size, rootHash: Hex.encode(head.root)))
    }

    /// Rewrites the log's storage with only live entries: erased evidence is then gone from the disk.
    @Sendable func compact(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let (before, after) = try await ledger.log.compact()
        let seconds = started.secondsSince
        logger.notice(
            "Compacted the ledger",
            metadata: [
                "bytes_before": "\(before)", "bytes_after": "\(after)", "seconds": "\(seconds)",
                "by": "\(context.peer?.userName ?? "")",
            ])
        return try JSONResponse.make(CompactResponse(bytesBefore: before, bytesAfter: after, seconds: seconds))
    }

    /// NDJSON of stored events, as a replay wrote them → the head and root after the restore.
    @Sendable func restore(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: limits.maximumRequestBytes)
        let lines = body.readableBytesView.split(separator: UInt8(ascii: "\n")).map(Array.init)
        guard !lines.isEmpty else { throw LedgerError(code: .invalidBatch, message: "The request has no events to restore.") }
        // Through the writer, like every other write: one code path commits an event, and live tails hear of it.
        _ = try await writer.append(.restore(lines))
        let head = try ledger.queries.treeHead()
        logger.notice(
            "Restored events",
            metadata: ["count": "\(lines.count)", "head": "\(head.size)", "by": "\(context.peer?.userName ?? "")"])
        return try JSONResponse.make(RestoreResponse(head: head.size, rootHash: Hex.encode(head.root)))
    }
}
