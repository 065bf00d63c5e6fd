import Hummingbird
import LedgerKit

/// Typed query parameters with 400 answers that name the parameter.
enum QueryParameter {
    static func seq(_ query: Parameters, _ name: String) throws -> UInt64? {
        guard let text = query.get(name) else { return nil }
        guard let value = UInt64(text) else {
            throw APIError(.badRequest, code: .badRequest, "\(name) must be a seq, a whole number from 0, not \"\(text)\".")
        }
        return value
    }

    static func count(_ query: Parameters, _ name: String) throws -> Int? {
        guard let text = query.get(name) else { return nil }
        guard let value = Int(text), value > 0 else {
            throw APIError(.badRequest, code: .badRequest, "\(name) must be a whole number above 0, not \"\(text)\".")
        }
        return value
    }

    static func flag(_ query: Parameters, _ name: String) throws -> Bool {
        switch query.get(name) {
        case nil, "false": return false
        case "true": return true
        case let text?: throw APIError(.badRequest, code: .badRequest, "\(name) must be true or false, not \"\(text)\".")
        }
    }

    static func required(_ query: Parameters, _ name: String) throws -> String {
        guard let text = query.get(name), !text.isEmpty else {
            throw APIError(.badRequest, code: .badRequest, "The query parameter \(name) is required.")
        }
        return text
    }

    /// RFC 3339, or a bare date meaning its start in UTC.
    static func time(_ query: Parameters, _ name: String) throws -> Timestamp? {
        guard let text = query.get(name) else { return nil }
        do {
            return try Timestamp(parsingDateOrRFC3339: text)
        } catch .notRFC3339 {
            throw APIError(.badRequest, code: .badRequest,
                "\(name) must be an RFC 3339 time (2015-12-07T18:30:00Z) or a date (2015-12-07), not \"\(text)\".")
        } catch {
            throw APIError(.badRequest, code: .badRequest, "\(name) \"\(text)\" cannot be used: \(error).")
        }
    }

    /// `at` and `as_of`, each defaulting to now.
    static func horizon(_ query: Parameters) throws -> Horizon {
        let now = Timestamp.now()
        return Horizon(at: try time(query, "at") ?? now, asOf: try time(query, "as_of") ?? now)
    }
}
