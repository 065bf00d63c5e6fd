import ArgumentParser

/// How results print.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ndjson
}
