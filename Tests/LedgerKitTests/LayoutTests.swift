import Foundation
import Testing

/// The folder boundaries of the layout (style.md), kept honest by looking at the imports.
@Suite("Import boundaries")
struct LayoutTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static func files(importing module: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            if text.split(separator: "\n").contains(where: { $0.hasSuffix("import \(module)") }) { found.append(path) }
        }
        return found.sorted()
    }

    @Test func onlyTheLMDBFolderImportsTheCLibrary() throws {
        let importers = try Self.files(importing: "CLMDB")
        #expect(!importers.isEmpty)
        #expect(importers.allSatisfy { $0.hasPrefix("LMDB/") }, "\(importers)")
    }

    /// Files under `Sources/` whose text contains `needle`.
    static func files(containing needle: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            if try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8).contains(needle) {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// No C handle and no transaction rebuilt from one outside the wrapper: a `~Copyable` transaction
    /// lent to a closure is only safe if nothing else can make one.
    @Test func lmdbHandlesStayInsideTheWrapper() throws {
        for needle in ["OpaquePointer", "Transaction(handle:", "txn.handle"] {
            let users = try Self.files(containing: needle)
            #expect(users.allSatisfy { $0.hasPrefix("LMDB/") }, "\(needle) used in \(users)")
        }
    }

    /// The offline verifier depends on the model, never on the store.
    @Test func receiptsAreVerifiedWithoutTheStore() throws {
        let text = try String(
            contentsOf: Self.sources.appendingPathComponent("LedgerKit/Receipt/ReceiptVerifier.swift"), encoding: .utf8)
        #expect(!text.contains("LedgerStore"))
    }

    @Test func theLibraryKnowsNothingOfTheServer() throws {
        for module in ["Hummingbird", "HummingbirdCore", "ArgumentParser", "TOMLKit"] {
            let importers = try Self.files(importing: module).filter { $0.hasPrefix("LedgerKit/") }
            #expect(importers.isEmpty, "\(module) imported by \(importers)")
        }
    }
}
