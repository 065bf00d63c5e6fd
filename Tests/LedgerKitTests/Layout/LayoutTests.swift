import Foundation
import Testing

/// Boundaries the dependency table cannot see, kept honest by looking at imports and handles.
@Suite("Import boundaries")
struct LayoutTests {
    static let sources = DependencyTableTests.repository.appendingPathComponent("Sources")

    /// Every Swift file under `Sources/`, relative to it; never empty, so no check passes on nothing.
    static func swiftFiles() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".swift") { found.append(path) }
        }
        return try #require(found.isEmpty ? nil : found, "no Swift files under \(sources.path)")
    }

    static func files(importing module: String) throws -> [String] {
        var found: [String] = []
        for path in try swiftFiles() {
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
        var found: [String] = []
        for path in try swiftFiles() {
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

    @Test func theLibraryKnowsNothingOfTheServer() throws {
        for module in ["Hummingbird", "HummingbirdCore", "ArgumentParser", "TOMLKit", "NIOCore", "PostgresNIO"] {
            let importers = try Self.files(importing: module).filter { $0.hasPrefix("LedgerKit/") }
            #expect(importers.isEmpty, "\(module) imported by \(importers)")
        }
    }
}
