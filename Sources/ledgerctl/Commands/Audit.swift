import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Prove that the ledger only grew and that an event is in it, checking every proof here.",
        discussion: """
            Save a tree head or a signed checkpoint now; later, `audit verify --head FILE` proves the ledger \
            only grew since. Proofs are checked by ledgerctl itself, not taken on the daemon's word.

            Examples:
              ledgerctl audit checkpoint > monday.checkpoint
              ledgerctl audit verify --head monday.checkpoint --key "$(cat ledger.vkey)"
              ledgerctl audit prove 13
            """,
        subcommands: [Head.self, CheckpointCommand.self, Verify.self, Prove.self])

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "head", abstract: "Print a tree head as JSON, to keep.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("tree-size"), help: "A past size (default: the current head).") var treeSize: UInt64?

        func run() throws {
            try JSONOutput.print(try global.client.treeHead(size: treeSize))
        }
    }

    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint", abstract: "Print the current tree head as a signed checkpoint, to keep.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let note = try global.client.checkpoint()
            if global.isMachineOutput { return try JSONOutput.print(["checkpoint": note]) }
            print(note, terminator: "")
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove",
            abstract: "Fetch and check the proof that event SEQ is in the tree.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's seq.") var seq: UInt64
        @Option(name: .customLong("tree-size"), help: "The tree (default: the current head).") var treeSize: UInt64?

        func run() throws {
            let client = try global.client
            let proof = try client.inclusionProof(seq: seq, treeSize: treeSize)
            let head = try client.treeHead(size: proof.treeSize)
            let event = try client.event(seq: seq)
            let leaf = MerkleHash.leaf(try EventDecoder.storedEvent(from: JSONParser.parse(event)).leafBytes)
            guard Hex.encode(leaf) == proof.leafHash else {
                throw AuditError("Event \(seq) is damaged: its stored bytes do not match the leaf the ledger committed to.")
            }
            guard
                MerkleProofVerifier.verifyInclusion(
                    leafHash: leaf, index: seq - 1, size: proof.treeSize, proof: try proof.auditPath.map(Self.hash),
                    root: try Self.hash(head.rootHash))
            else {
                throw AuditError(
                    "The inclusion proof of event \(seq) does not lead to the root of the tree of size \(proof.treeSize).")
            }
            if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, proof) }
            printOut(
                "Event \(seq) is in the tree of size \(proof.treeSize) with root \(head.rootHash) (proof of \(proof.auditPath.count) hashes, checked here)."
            )
        }

        static func hash(_ text: String) throws -> [UInt8] {
            guard let hash = Hex.decode(text), hash.count == MerkleHash.size else {
                throw AuditError("The daemon sent \"\(text)\" where a 32-byte hex hash belongs.")
            }
            return hash
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Re-read every event, recompute every leaf, evidence hash and the root, and check them.",
            discussion: """
                With --head FILE (a tree head from `audit head` or a checkpoint from `audit checkpoint`), also \
                check the proof that the ledger only grew since. A checkpoint's signature is checked against \
                --key, else against the daemon's own key (which proves less: say so to whoever relies on it). \
                Exits 4 on any failure, naming the first damaged event.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "A tree head or signed checkpoint saved earlier.") var head: String?
        @Option(help: "The verifier key to check a checkpoint's signature with (name+id+key).") var key: String?

        func run() throws {
            let saved = try head.map { try SavedHead.read($0) }
            let report: (count: UInt64, root: [UInt8])
            do {
                report = try AuditRun(client: global.client, showsProgress: !global.isMachineOutput).verify()
            } catch let error as LedgerError where error.code == .damagedLog {
                // The daemon met the damage first, reading its log for us: the audit fails all the same.
                throw AuditError(error.message)
            }
            var message =
                "Verified \(report.count) events: every leaf, every evidence hash and the root \(Hex.encode(report.root)) match."
            var verified = AuditVerified(treeSize: report.count, rootHash: Hex.encode(report.root))
            if let saved {
                let client = try global.client
                let (size, root) = try saved.checked(key: key, client: client)
                guard size <= report.count else {
                    throw AuditError(
                        "The ledger has \(report.count) events, fewer than the \(size) of the saved head: it was cut back.")
                }
                let proof = try client.consistencyProof(first: size, second: report.count)
                guard
                    MerkleProofVerifier.verifyConsistency(
                        firstSize: size, firstRoot: root, secondSize: report.count, secondRoot: report.root,
                        proof: try proof.proof.map(Prove.hash))
                else {
                    throw AuditError(
                        "The ledger was rewritten: no consistency proof joins the saved head (size \(size), "
                            + "root \(Hex.encode(root))) to the ledger as it is now.")
                }
                message += " It only grew since the saved head of size \(size)."
                verified.grewFrom = TreeHead(treeSize: size, rootHash: Hex.encode(root))
            }
            if global.isMachineOutput { return try JSONOutput.print(verified) }
            printOut(message)
        }
    }
}

/// What `audit verify --format json` prints: the tree it recomputed and, with `--head`, the saved head it
/// proved the ledger grew from. A failure prints nothing here; it exits 4 with the reason on standard error.
struct AuditVerified: Encodable {
    var verified = true
    var treeSize: UInt64
    var rootHash: String
    var grewFrom: TreeHead?

    enum CodingKeys: String, CodingKey {
        case verified
        case treeSize = "tree_size"
        case rootHash = "root_hash"
        case grewFrom = "grew_from"
    }
}

/// A tree head or signed checkpoint saved to a file.
enum SavedHead {
    case head(TreeHead)
    case checkpoint(note: String)

    static func read(_ path: String) throws -> SavedHead {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("Cannot read \(path); check the path.")
        }
        if let head = try? JSONValueDecoder().decode(TreeHead.self, from: [UInt8](data)) { return .head(head) }
        return .checkpoint(note: String(decoding: data, as: UTF8.self))
    }

    /// The saved size and root, after checking a checkpoint's signature.
    func checked(key: String?, client: LedgerClient) throws -> (UInt64, [UInt8]) {
        switch self {
        case .head(let head):
            return (head.treeSize, try Audit.Prove.hash(head.rootHash))
        case .checkpoint(let note):
            let verifierKey: String
            if let key {
                verifierKey = key
            } else {
                verifierKey = try client.status().verifierKey
                Failure.printError(
                    "warning: checking the checkpoint against the daemon's own key; pass --key with the key "
                        + "you pinned earlier, or this proves only that the daemon agrees with itself.")
            }
            let body = try NoteVerifier(verifierKey: verifierKey).verify(note: note)
            let checkpoint = try Checkpoint(body: body)
            return (checkpoint.treeSize, checkpoint.rootHash)
        }
    }
}

/// One pass over the whole log, page by page, trusting nothing the daemon says: every event's leaf, its
/// evidence and its place (``LedgerVerifier``); every leaf hash the log stored, against the event's bytes;
/// every tree head the log committed and the one the daemon serves, against the root the events give; and
/// the head the log records, against its last event. A failure names what is wrong in the words the
/// daemon uses when it meets the same damage (``LogDamage``).
struct AuditRun {
    let client: LedgerClient
    var showsProgress = true
    static let pageSize = 10_000

    /// The tree the daemon serves, recomputed: its size and root.
    func verify() throws -> (count: UInt64, root: [UInt8]) {
        // The served head first: the log is never behind it, so every event it covers is in the replay.
        let served = try client.treeHead()
        var records = try client.logRecords(from: 0)
        let location = records.location
        let size = records.head
        func damaged(_ damage: LogDamage) -> AuditError { AuditError(damage.sentence(location: location)) }
        guard size >= served.treeSize else {
            throw AuditError(
                "The daemon serves a tree of \(served.treeSize) events, but the log at \(location) records only \(size).")
        }
        var committed = records.treeHeads[...]
        var verifier = LedgerVerifier()
        var servedRoot = served.treeSize == 0 ? MerkleHash.emptyRoot : nil as [UInt8]?
        var lastRecordedAt: Timestamp?
        let progress = ProgressBar(total: showsProgress ? Int(clamping: size) : 0, label: "events verified")
        var from: UInt64 = 1
        while from <= size {
            let to = min(size, from + UInt64(Self.pageSize) - 1)
            let stored = try client.leafHashes(from: from, limit: Int(to - from + 1))
            try client.replay(from: from, to: to) { line in
                let expected = verifier.count + 1
                if let seq = StoredEventLine.seq(of: Array(line)), seq != expected {
                    throw damaged(.missingEvent(seq: expected, next: seq))
                }
                try verifier.add(line: line)
                let index = Int(verifier.count - from)
                guard index < stored.count, stored[index] == verifier.lastLeafHash else {
                    throw damaged(.leafMismatch(seq: verifier.count))
                }
                lastRecordedAt = StoredEventLine.recordedAt(of: line)
                if verifier.count == served.treeSize { servedRoot = verifier.root }
                while let head = committed.first, head.treeSize <= verifier.count {
                    if head.treeSize == verifier.count, head.rootHash != Hex.encode(verifier.root) {
                        throw damaged(.rootMismatch(size: head.treeSize))
                    }
                    committed.removeFirst()
                    if committed.isEmpty, let next = records.nextFrom {
                        records = try client.logRecords(from: next)
                        committed = records.treeHeads[...]
                    }
                }
                if verifier.count % 4096 == 0 { progress.update(Int(clamping: verifier.count)) }
            }
            guard verifier.count == to else { throw damaged(.headPastEvents(head: size, lastEvent: verifier.count)) }
            from = to + 1
        }
        progress.finish()
        if let head = committed.first { throw damaged(.rootMismatch(size: head.treeSize)) }
        if size > 0, let actual = lastRecordedAt, records.lastRecordedAt != actual.rfc3339 {
            throw damaged(.lastRecordedAtMismatch(kept: records.lastRecordedAt ?? "no time", seq: size, actual: actual.rfc3339))
        }
        guard let servedRoot, Hex.encode(servedRoot) == served.rootHash else {
            throw AuditError(
                "The root recomputed from the first \(served.treeSize) events, \(servedRoot.map(Hex.encode) ?? "none"), is not "
                    + "the daemon's \(served.rootHash).")
        }
        return (served.treeSize, servedRoot)
    }
}
