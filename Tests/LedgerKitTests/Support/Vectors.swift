import Foundation

/// Published test vectors checked in under `Tests/LedgerKitTests/Vectors/`.
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Vectors")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Non-empty, non-comment lines of a text vector file, split on white space.
    static func rows(_ name: String) throws -> [[String]] {
        String(decoding: try bytes(name), as: UTF8.self)
            .split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.split(separator: " ").map(String.init) }
    }
}
