import Crypto
import Foundation

/// Signs C2SP `signed-note`s with Ed25519 (<https://github.com/C2SP/C2SP/blob/main/signed-note.md>).
public struct NoteSigner: Sendable {
    /// The key's name, the first word of every signature line.
    public let name: String
    private let privateKey: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init(name: String) throws {
        try self.init(name: name, privateKey: Curve25519.Signing.PrivateKey())
    }

    private init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws {
        guard !name.isEmpty, !name.contains(where: { $0 == "+" || $0.isWhitespace }) else {
            throw AuditError("A key name must be non-empty, without spaces or '+', not \"\(name)\".")
        }
        self.name = name
        self.privateKey = privateKey
    }

    /// Reads `PRIVATE+KEY+name+hexid+base64(0x01 || seed)`, the form ``privateKeyText`` writes.
    public init(privateKeyText text: String) throws {
        // Base64 may itself hold '+', so only the first four separate fields.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", let data = Data(base64Encoded: String(parts[4])),
            data.count == 33, data.first == 0x01
        else { throw AuditError("The checkpoint key is not a PRIVATE+KEY+name+id+key line.") }
        try self.init(name: String(parts[2]), privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: data.dropFirst()))
        guard Hex.encode(keyID) == parts[3] else { throw AuditError("The checkpoint key's id does not match its key.") }
    }

    /// The private key, to keep in a file only its owner can read.
    public var privateKeyText: String {
        "PRIVATE+KEY+\(name)+\(Hex.encode(keyID))+\(Data([0x01] + privateKey.rawRepresentation).base64EncodedString())"
    }

    /// `name+hexid+base64(0x01 || public key)`: what verifiers pin.
    public var verifierKey: String {
        "\(name)+\(Hex.encode(keyID))+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    var publicKey: [UInt8] { Array(privateKey.publicKey.rawRepresentation) }

    /// The first four bytes of SHA-256(name || 0x0A || 0x01 || public key).
    public var keyID: [UInt8] { NoteVerifier.keyID(name: name, publicKey: publicKey) }

    /// The note: `text`, a blank line, and the signature line `— name base64(keyid || signature)`.
    ///
    /// - Precondition: `text` ends with a newline.
    public func sign(_ text: String) throws -> String {
        precondition(text.hasSuffix("\n"))
        let signature = try privateKey.signature(for: Data(text.utf8))
        return text + "\n\u{2014} \(name) \(Data(keyID + Array(signature)).base64EncodedString())\n"
    }
}

/// Checks a signed note against one verifier key.
public struct NoteVerifier: Sendable {
    public let name: String
    public let keyID: [UInt8]
    private let publicKey: Curve25519.Signing.PublicKey

    /// Reads `name+hexid+base64(0x01 || public key)`.
    public init(verifierKey text: String) throws {
        // Base64 may itself hold '+', so only the first two separate fields.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Hex.decode(String(parts[1])), id.count == 4,
            let key = Data(base64Encoded: String(parts[2])), key.count == 33, key.first == 0x01
        else { throw AuditError("\"\(text)\" is not a verifier key of the form name+hexid+base64key (Ed25519).") }
        name = String(parts[0])
        keyID = id
        publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: key.dropFirst())
        guard Self.keyID(name: name, publicKey: Array(key.dropFirst())) == id else {
            throw AuditError("The verifier key's id does not match its name and key.")
        }
    }

    static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    /// The note's text, if a signature line by this key verifies.
    ///
    /// - Throws: ``AuditError`` saying whether the note is malformed, unsigned by this key, or forged.
    public func verify(note: String) throws -> String {
        guard let separator = note.range(of: "\n\n", options: .backwards) else {
            throw AuditError("The note has no signature lines after a blank line.")
        }
        let text = String(note[..<separator.lowerBound]) + "\n"
        let signatures = note[separator.upperBound...].split(separator: "\n")
        var sawOurs = false
        for line in signatures {
            let words = line.split(separator: " ")
            guard words.count == 3, words[0] == "\u{2014}", words[1] == name,
                let blob = Data(base64Encoded: String(words[2])), blob.count == 68, Array(blob.prefix(4)) == keyID
            else { continue }
            sawOurs = true
            if publicKey.isValidSignature(blob.dropFirst(4), for: Data(text.utf8)) { return text }
        }
        throw AuditError(
            sawOurs
                ? "The note's signature by \(name) does not verify: the note was altered or signed by another key."
                : "The note has no signature by the key \(name)+\(Hex.encode(keyID)).")
    }
}
