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
            let check = try AuditRun(client: try global.client).checkInclusion(seq: seq, treeSize: treeSize)
            let (proof, head) = (check.proof, check.head)
            guard check.verified else {
                throw AuditError(
                    "The inclusion proof of event \(seq) does not lead to the root of the tree of size \(proof.treeSize).")
            }
            if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, proof) }
            printOut(
                "Event \(seq) is in the tree of size \(proof.treeSize) with root \(head.rootHash) (proof of \(proof.auditPath.count) hashes, checked here)."
            )
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
                let client = try global.client
                var bar: ProgressBar?
                report = try AuditRun(client: client).verify { done, total in
                    guard !global.isMachineOutput else { return }
                    if bar == nil { bar = ProgressBar(total: Int(clamping: total), label: "events verified") }
                    bar?.update(Int(clamping: done))
                }
                bar?.finish()
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
                        proof: try proof.proof.map(AuditRun.hash))
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
            return (head.treeSize, try AuditRun.hash(head.rootHash))
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
