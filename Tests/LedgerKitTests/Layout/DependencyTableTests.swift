import Foundation
import Testing

/// The architecture as a table: which folder of each module may use which, and which of our targets
/// may import which. A new dependency is written here, where a reviewer sees it, and none may close a
/// cycle.
@Suite("Folder and target dependencies")
struct DependencyTableTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Module → folder → the folders of the same module it uses.
    static let folders: [String: [String: Set<String>]] = [
        "LedgerKit": [
            "Support": [],
            "CanonicalJSON": ["Support"],
            "Model": ["CanonicalJSON", "Support"],
            "Merkle": [],
            "Belief": ["CanonicalJSON", "Model"],
            "Rules": ["CanonicalJSON", "Merkle", "Model", "Support"],
            "Storage": ["Model"],
            "Log": ["Merkle", "Model", "Rules", "Storage"],
            "Views": ["Belief", "Log", "Merkle", "Model", "Rules", "Storage"],
            "API": ["Belief", "CanonicalJSON", "Log", "Merkle", "Model", "Rules", "Storage", "Support"],
            "Audit": ["API", "Merkle", "Model", "Support"],
            "Receipt": ["API", "Audit", "Belief", "CanonicalJSON", "Merkle", "Model", "Support"],
            "Queries": ["API", "Audit", "Belief", "CanonicalJSON", "Log", "Merkle", "Model", "Receipt", "Storage", "Views"],
            "Ledger": ["CanonicalJSON", "Log", "Merkle", "Model", "Queries", "Rules", "Storage", "Support", "Views"],
        ],
        "LedgerServer": [
            "HTTP": [],
            "Metrics": [],
            "Access": ["HTTP"],
            "Configuration": ["Access"],
            "Channel": ["Access", "HTTP"],
            "Services": ["Metrics"],
            "Middleware": ["Access", "HTTP", "Metrics", "Services"],
            "Controllers": ["Access", "Configuration", "HTTP", "Metrics", "Services"],
            "Application": ["Access", "Channel", "Configuration", "Controllers", "Metrics", "Middleware", "Services"],
            "Startup": ["Application", "Configuration", "Metrics", "Services"],
        ],
        "LedgerDesk": [
            "Security": [],
            "Templates": [],
            "Assets": [],
            "Services": [],
            "HTTP": ["Security"],
            "Pages": ["HTTP", "Services", "Templates"],
            "Application": ["Assets", "HTTP", "Pages", "Security"],
        ],
        "ledgerctl": [
            "Output": [],
            "Options": ["Output"],
            "Input": ["Output"],
            "Commands": ["Input", "Options", "Output"],
            ".": ["Commands", "Options", "Output"],
        ],
    ]

    /// Target (its directory) → the targets of this package it may import.
    static let targets: [String: Set<String>] = [
        "Sources/CLMDB": [],
        "Sources/LMDB": ["CLMDB"],
        "Sources/LedgerKit": ["LMDB"],
        "Sources/LedgerClient": ["LedgerKit"],
        "Sources/LedgerPostgreSQL": ["LedgerKit"],
        "Sources/LedgerServer": ["LedgerKit", "LedgerPostgreSQL"],
        "Sources/LedgerDaemon": ["LedgerKit", "LedgerServer"],
        "Sources/ledgerctl": ["LedgerClient", "LedgerKit", "LedgerReport"],
        "Sources/LedgerReport": ["LedgerKit"],
        "Sources/LedgerDesk": ["LedgerClient", "LedgerKit", "LedgerReport"],
        "Sources/LedgerDeskCommand": ["LedgerClient", "LedgerDesk", "LedgerKit"],
        "Tests/LedgerTestSupport": ["LedgerKit", "LedgerPostgreSQL"],
        "Benchmarks/CSQLite": [],
        "Benchmarks/StoreThroughput": ["LedgerClient", "LedgerKit"],
        "Benchmarks/LedgerBench": ["CSQLite", "LMDB", "LedgerClient", "LedgerKit", "LedgerTestSupport"],
    ]

    static let ownModules: Set<String> = Set(targets.keys.map { String($0.split(separator: "/").last!) })

    @Test(arguments: ["LedgerKit", "LedgerServer", "LedgerDesk", "ledgerctl"])
    func eachFolderUsesWhatTheTableSaysAndNoMore(module: String) throws {
        let table = try #require(Self.folders[module])
        let graph = try SourceGraph(module: Self.repository.appendingPathComponent("Sources/\(module)"))
        #expect(graph.folders == Set(table.keys), "folders on disk and in the table differ")
        for (folder, uses) in graph.edges {
            for (used, names) in uses.sorted(by: { $0.key < $1.key })
            where !(table[folder]?.contains(used) ?? false) {
                Issue.record(
                    "\(module)/\(folder) uses \(module)/\(used) (\(names.sorted().joined(separator: ", "))), which the table does not allow: move the type, or add the edge if it keeps the table acyclic."
                )
            }
        }
        for (folder, allowed) in table {
            for used in allowed.sorted() where graph.edges[folder]?[used] == nil {
                Issue.record("The table lets \(module)/\(folder) use \(module)/\(used), which nothing there uses: remove it.")
            }
        }
    }

    @Test func theFolderTablesHaveNoCycle() {
        for (module, table) in Self.folders {
            let found = cycle(in: table)
            #expect(found == nil, "\(module): \(found?.joined(separator: " → ") ?? "")")
        }
    }

    @Test func eachTargetImportsWhatTheTableSaysAndNoMore() throws {
        for (target, allowed) in Self.targets {
            let imported = try Self.imports(under: Self.repository.appendingPathComponent(target)).intersection(
                Self.ownModules)
            #expect(imported == allowed, "\(target) imports \(imported.sorted()), the table says \(allowed.sorted())")
        }
        let found = cycle(
            in: Dictionary(
                uniqueKeysWithValues: Self.targets.map { ($0.key.split(separator: "/").last.map(String.init)!, $0.value) }))
        #expect(found == nil, "targets: \(found?.joined(separator: " → ") ?? "")")
    }

    /// The check itself: a cycle through three folders is found, and a layered graph has none.
    @Test func aCycleIsFoundAndALayeredGraphHasNone() {
        #expect(cycle(in: ["Views": ["Log"], "Log": ["Queries"], "Queries": ["Views"]]) == ["Log", "Queries", "Views", "Log"])
        #expect(cycle(in: ["Views": ["Log"], "Queries": ["Views", "Log"], "Log": []]) == nil)
        #expect(cycle(in: ["A": ["A"]]) == ["A", "A"])
    }

    /// The scanner reads code, not what comments and strings say.
    @Test func commentsAndStringsAreNotUses() throws {
        let code = SourceGraph.code(
            of: """
                // LedgerQueries in a comment
                /* BeliefViews /* nested */ Receipt */ let a = "EventLog \\(Ledger)" + #"Raw "Quoted""#
                let b = \"""
                    Multi Line
                    \"""
                struct Kept { let c: Used }
                """)
        #expect(SourceGraph.typeNames(in: code) == ["Kept", "Used"])
        #expect(SourceGraph.topLevelDeclarations(in: code) == ["Kept"])
        #expect(
            SourceGraph.topLevelDeclarations(
                in:
                    "@available(*, unavailable)\npublic final class A {}\n@usableFromInline struct B {}\n    struct Nested {}\nextension C {}\n"
            ) == ["A", "B"])
    }

    /// The modules a directory's Swift files import (`import X`, `@testable import X`, `internal import X`).
    static func imports(under directory: URL) throws -> Set<String> {
        var modules: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            for line in try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                if let position = words.firstIndex(of: "import"), position + 1 < words.count,
                    words[..<position].allSatisfy({ $0.hasPrefix("@") || ["internal", "public", "package"].contains($0) })
                {
                    modules.insert(String(words[position + 1]))
                }
            }
        }
        return modules
    }
}
