import Foundation
import LedgerKit
import SwiftCSV

/// Claims from a CSV file whose header names each column's field: the API's event fields (`subject`,
/// `predicate`, `object`, `source`, `polarity`, `effective_at`, `confidence`, `id`, `type`, `target`,
/// `reason`, `via` (conduits separated by `;`), `basis`) and the evidence's (`quote`, `citation`,
/// `note`). `--map column=field` names a column
/// whose header says something else; `--ignore column` skips one.
struct CSVClaims {
    /// Fields a column may fill.
    static let fields: Set<String> = [
        "type", "id", "subject", "predicate", "object", "source", "polarity", "effective_at", "confidence", "target", "reason",
        "via", "basis", "quote", "citation", "note",
    ]
    static let evidenceFields: Set<String> = ["quote", "citation", "note"]

    /// The events, one NDJSON line each, numbered by the CSV's data row (the header is line 1).
    static func lines(
        of path: String, mapping: [String: String], ignoring: Set<String>, objectAsString: Bool
    ) throws -> [(number: Int, text: String)] {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("Cannot read \(path); check the path and its permissions.")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let csv: NamedCSV
        do {
            csv = try NamedCSV(string: text, loadColumns: false)
        } catch {
            throw UsageError("\(path) is not CSV that can be read: \(error).")
        }
        var columns: [(column: String, field: String)] = []
        for column in csv.header where !ignoring.contains(column) {
            let field = mapping[column] ?? column.trimmingCharacters(in: .whitespaces).lowercased()
            guard fields.contains(field) else {
                throw UsageError(
                    "\(path): the column \"\(column)\" is no field of a claim. Name it with --map \"\(column)=FIELD\" "
                        + "(fields: \(fields.sorted().joined(separator: ", "))) or skip it with --ignore \"\(column)\".")
            }
            columns.append((column, field))
        }
        for (column, field) in mapping where !csv.header.contains(column) {
            throw UsageError(
                "\(path) has no column \"\(column)\" to map to \(field); its columns are \(csv.header.joined(separator: ", ")).")
        }
        return try csv.rows.enumerated().compactMap { offset, row in
            var event = JSONObject()
            var evidence = JSONObject()
            for (column, field) in columns {
                guard let value = row[column], !value.isEmpty else { continue }
                if evidenceFields.contains(field) {
                    evidence[field] = .string(value)
                } else {
                    event[field] = try jsonValue(
                        value, field: field, objectAsString: objectAsString, line: offset + 2, path: path)
                }
            }
            guard !event.isEmpty || !evidence.isEmpty else { return nil }  // a blank row
            if event["type"] == nil { event["type"] = "assert" }
            if !evidence.isEmpty { event["evidence"] = .object(evidence) }
            return (offset + 2, CanonicalJSON.string(.object(event)))
        }
    }

    /// A cell as the field's JSON: numbers for `confidence`, JSON-or-string for `object`, strings else.
    private static func jsonValue(
        _ text: String, field: String, objectAsString: Bool, line: Int, path: String
    ) throws -> JSONValue {
        switch field {
        case "confidence":
            // "nan" and "inf" read as doubles, which JSON has no form for: refused like any other non-number.
            guard let number = Double(text), number.isFinite else {
                throw UsageError("\(path):\(line): confidence must be a number from 0 to 1, not \"\(text)\".")
            }
            return .number(number)
        case "via":
            return .array(
                text.split(separator: ";").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        case "object":
            if !objectAsString, let parsed = try? JSONParser.parse(text) { return parsed }
            return .string(text)
        case "effective_at":
            do {
                return .string(try Timestamp(parsingDateOrRFC3339: text).rfc3339)
            } catch {
                throw UsageError("\(path):\(line): effective_at \"\(text)\" cannot be used: \(error).")
            }
        default:
            return .string(text)
        }
    }
}
