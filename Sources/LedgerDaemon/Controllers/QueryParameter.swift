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
}
