import Foundation

/// The example data set written from the seed article.
enum Seed {
    static let path = Binaries.repository.appendingPathComponent("examples/deir-ezzor-2015.ndjson").path
    static let subject = "strike:deir-ezzor:2015-12-06"
    /// The example desk's grades and affiliations of the seed's sources.
    static let grades = Binaries.repository.appendingPathComponent("examples/desk-grades.ndjson").path

    static var lines: [String] {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }
}
