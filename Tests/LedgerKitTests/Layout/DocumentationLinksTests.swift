import Foundation
import Testing

/// The documentation's links lead somewhere: every relative link names a file of the repository, and
/// every `#anchor` a heading of that file (as GitHub spells heading anchors). Nothing points outside
/// the repository's own tree.
@Suite("Documentation links")
struct DocumentationLinksTests {
    static let repository = DependencyTableTests.repository

    /// Every Markdown file of the repository but the build's and dependencies'.
    static func markdownFiles() throws -> [URL] {
        let enumerator = try #require(
            FileManager.default.enumerator(at: repository, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]))
        return enumerator.compactMap { $0 as? URL }.filter { url in
            url.pathExtension == "md" && !url.path.contains("/.build") && !url.path.contains("/build/")
                && !url.path.contains(".egg-info")
        }
    }

    /// GitHub's anchor for a heading: lowercased, punctuation but `-` and `_` dropped, spaces as `-`.
    static func anchor(_ heading: String) -> String {
        var result = ""
        for character in heading.lowercased() {
            if character == " " {
                result.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                result.append(character)
            }
        }
        return result
    }

    static func anchors(in text: String) -> Set<String> {
        var inCode = false
        var found: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, line.hasPrefix("#") else { continue }
            let heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            found.insert(anchor(heading.replacingOccurrences(of: "`", with: "")))
        }
        return found
    }

    /// The targets of `[text](target)` links outside code blocks.
    static func links(in text: String) -> [String] {
        var inCode = false
        var targets: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            if inCode { continue }
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                targets.append(String(after[..<close]))
                rest = after[close...]
            }
        }
        return targets
    }

    @Test func everyRelativeLinkAndAnchorResolves() throws {
        let files = try Self.markdownFiles()
        #expect(files.count >= 10, "found only \(files.map(\.lastPathComponent))")
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.path.replacingOccurrences(of: Self.repository.path + "/", with: "")
            for link in Self.links(in: text) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? file : file.deletingLastPathComponent().appendingPathComponent(parts[0])
                let resolved = target.standardizedFileURL.path
                #expect(
                    resolved.hasPrefix(Self.repository.standardizedFileURL.path + "/"),
                    "\(name) links to \(link), outside the repository")
                guard FileManager.default.fileExists(atPath: resolved) else {
                    Issue.record("\(name) links to \(link), which is not a file of the repository")
                    continue
                }
                if parts.count == 2, resolved.hasSuffix(".md") {
                    let anchors = Self.anchors(in: try String(contentsOfFile: resolved, encoding: .utf8))
                    #expect(anchors.contains(parts[1]), "\(name) links to \(link): no such heading")
                }
            }
        }
    }

    @Test func nothingPointsOutsideTheRepository() throws {
        for file in try Self.markdownFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("../shared"), "\(file.lastPathComponent) points outside the repository")
        }
    }

    @Test func anAnchorIsSpelledAsGitHubSpellsIt() {
        #expect(Self.anchor("Live tail, metrics, backups") == "live-tail-metrics-backups")
        #expect(Self.anchor("The seed scenario, worked") == "the-seed-scenario-worked")
        #expect(Self.links(in: "see [a](b.md#c) and [d](e)") == ["b.md#c", "e"])
    }
}
