import Foundation

/// Which folder of a module uses which, read from the sources: a folder uses another when one of its
/// files names a type, protocol or alias declared at the top level of a file in the other.
///
/// A reading, not a compiler: comments and string literals are blanked first, and a name declared in
/// two folders counts for both, so it errs towards reporting an edge.
struct SourceGraph {
    /// Folder → folders it uses → the names that make the edge. The folder of a file directly in the
    /// module's directory is ".".
    var edges: [String: [String: Set<String>]] = [:]
    /// Every folder with a Swift file.
    var folders: Set<String> = []

    init(module directory: URL) throws {
        var declaredIn: [String: Set<String>] = [:]
        var files: [(folder: String, code: String)] = []
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let components = path.split(separator: "/")
            let folder = components.count > 1 ? String(components[0]) : "."
            let code = Self.code(of: try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8))
            files.append((folder, code))
            folders.insert(folder)
            for name in Self.topLevelDeclarations(in: code) { declaredIn[name, default: []].insert(folder) }
        }
        for (folder, code) in files {
            for name in Self.typeNames(in: code) {
                for owner in declaredIn[name] ?? [] where owner != folder {
                    edges[folder, default: [:]][owner, default: []].insert(name)
                }
            }
        }
    }

    /// The source with comments and string literals (their interpolations too) replaced by spaces,
    /// lines kept.
    static func code(of source: String) -> String {
        let bytes = Array(source.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func blank(_ byte: UInt8) { output.append(byte == UInt8(ascii: "\n") ? byte : UInt8(ascii: " ")) }
        func at(_ offset: Int, _ text: String) -> Bool {
            let needle = Array(text.utf8)
            return index + offset + needle.count <= bytes.count
                && Array(bytes[(index + offset)..<(index + offset + needle.count)]) == needle
        }
        while index < bytes.count {
            if at(0, "//") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    blank(bytes[index])
                    index += 1
                }
            } else if at(0, "/*") {
                var depth = 0
                repeat {
                    if at(0, "/*") {
                        depth += 1
                        blank(bytes[index])
                        blank(bytes[index + 1])
                        index += 2
                    } else if at(0, "*/") {
                        depth -= 1
                        blank(bytes[index])
                        blank(bytes[index + 1])
                        index += 2
                    } else {
                        blank(bytes[index])
                        index += 1
                    }
                } while depth > 0 && index < bytes.count
            } else if bytes[index] == UInt8(ascii: "#") || bytes[index] == UInt8(ascii: "\"") {
                // A string literal: optional #s, one or three quotes, up to the same closing delimiter.
                var hashes = 0
                while index + hashes < bytes.count, bytes[index + hashes] == UInt8(ascii: "#") { hashes += 1 }
                guard index + hashes < bytes.count, bytes[index + hashes] == UInt8(ascii: "\"") else {
                    output.append(bytes[index])
                    index += 1
                    continue
                }
                let quotes = at(hashes, "\"\"\"") ? "\"\"\"" : "\""
                let closing = quotes + String(repeating: "#", count: hashes)
                for _ in 0..<(hashes + quotes.utf8.count) {
                    blank(bytes[index])
                    index += 1
                }
                while index < bytes.count, !at(0, closing) {
                    if hashes == 0, bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        blank(bytes[index])
                        index += 1
                    }
                    blank(bytes[index])
                    index += 1
                }
                for _ in 0..<closing.utf8.count where index < bytes.count {
                    blank(bytes[index])
                    index += 1
                }
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let declarationKeywords: Set<String> = ["struct", "enum", "class", "actor", "protocol", "typealias"]
    private static let modifiers: Set<String> = [
        "public", "internal", "private", "fileprivate", "package", "final", "indirect", "open", "nonisolated",
    ]

    /// Names declared by lines that start at column 0: `[attributes] [modifiers] struct Name`, and the like.
    static func topLevelDeclarations(in code: String) -> [String] {
        code.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, first != " ", first != "\t" else { return nil }
            let words = wordsOutsideParentheses(line)
            var position = 0
            while position < words.count, words[position].isAttribute || modifiers.contains(words[position].text) {
                position += 1
            }
            guard position + 1 < words.count, declarationKeywords.contains(words[position].text) else { return nil }
            return words[position + 1].text
        }
    }

    /// Capitalized identifiers: the names a file may use of other folders.
    static func typeNames(in code: String) -> Set<String> {
        var names: Set<String> = []
        var current: [UInt8] = []
        for byte in code.utf8 {
            if isIdentifierByte(byte) {
                current.append(byte)
            } else {
                if let first = current.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) {
                    names.insert(String(decoding: current, as: UTF8.self))
                }
                current.removeAll(keepingCapacity: true)
            }
        }
        return names
    }

    private static func wordsOutsideParentheses(_ line: Substring) -> [(text: String, isAttribute: Bool)] {
        var words: [(text: String, isAttribute: Bool)] = []
        var depth = 0
        var current: [UInt8] = []
        var attribute = false
        for byte in line.utf8 + [UInt8(ascii: " ")] {
            if isIdentifierByte(byte) {
                current.append(byte)
                continue
            }
            if !current.isEmpty, depth == 0 { words.append((String(decoding: current, as: UTF8.self), attribute)) }
            if !current.isEmpty { attribute = false }
            current.removeAll()
            switch byte {
            case UInt8(ascii: "@"): attribute = true
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            default: break
            }
        }
        return words
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
}

/// A cycle in a directed graph, if there is one: its nodes in order, the first repeated at the end.
func cycle(in graph: [String: Set<String>]) -> [String]? {
    enum Mark { case visiting, done }
    var marks: [String: Mark] = [:]
    var path: [String] = []
    func visit(_ node: String) -> [String]? {
        switch marks[node] {
        case .done: return nil
        case .visiting: return Array(path[path.firstIndex(of: node)!...]) + [node]
        case nil: break
        }
        marks[node] = .visiting
        path.append(node)
        for next in (graph[node] ?? []).sorted() {
            if let found = visit(next) { return found }
        }
        path.removeLast()
        marks[node] = .done
        return nil
    }
    for node in graph.keys.sorted() {
        if let found = visit(node) { return found }
    }
    return nil
}
