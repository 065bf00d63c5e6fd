import Foundation
import LedgerKit
import Testing

@Suite("Signed checkpoints")
struct SignedNoteTests {
    // golang.org/x/mod/sumdb/note's example key and note: another implementation's bytes.
    static let goSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote =
        goText
        + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func interoperatesWithGosNotePackage() throws {
        let signer = try NoteSigner(privateKeyText: Self.goSigner)
        #expect(signer.verifierKey == Self.goVerifier)
        #expect(try signer.sign(Self.goText) == Self.goNote)
        #expect(try NoteVerifier(verifierKey: Self.goVerifier).verify(note: Self.goNote) == Self.goText)
    }

    @Test func aCheckpointRoundTrips() throws {
        let signer = try NoteSigner(name: "newsroom.example/ledger")
        let checkpoint = Checkpoint(origin: "newsroom.example/ledger", treeSize: 16, rootHash: MerkleHash.leaf([1, 2, 3]))
        let note = try signer.sign(checkpoint.body)
        let body = try NoteVerifier(verifierKey: signer.verifierKey).verify(note: note)
        #expect(try Checkpoint(body: body) == checkpoint)
        #expect(try NoteSigner(privateKeyText: signer.privateKeyText).verifierKey == signer.verifierKey)
    }

    @Test func anyAlteredLineIsRejected() throws {
        let signer = try NoteSigner(name: "newsroom.example/ledger")
        let note = try signer.sign(
            Checkpoint(origin: "newsroom.example/ledger", treeSize: 16, rootHash: MerkleHash.leaf([1])).body)
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (lineIndex, line) in lines.enumerated() where !line.isEmpty {
            var altered = lines
            let position = line.index(line.startIndex, offsetBy: line.count / 2)
            let replacement: Character = line[position] == "A" ? "B" : "A"
            altered[lineIndex] = line.replacingCharacters(in: position...position, with: String(replacement))
            #expect(throws: AuditError.self, "line \(lineIndex)") {
                try verifier.verify(note: altered.joined(separator: "\n"))
            }
        }
        let other = try NoteSigner(name: "newsroom.example/ledger")
        #expect(throws: AuditError.self) { try NoteVerifier(verifierKey: other.verifierKey).verify(note: note) }
    }
}
