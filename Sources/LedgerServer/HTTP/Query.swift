import Hummingbird
import LedgerKit

/// A request's query string, read as browsers, HTML forms and Python's `urlencode` write it: `+` is a
/// space and `%XX` a byte, in names and values alike; what is left must be UTF-8. Typed getters answer
/// 400 naming the parameter.
struct Query {
    private let parameters: [(name: String, value: String)]

    /// - Throws: ``APIError`` 400 when an escape is broken, the text is not UTF-8, or a name is given twice.
    init(_ request: Request) throws {
        let pairs: [(name: String, value: String)]
        do {
            pairs = try PercentDecoding.formPairs(request.uri.query?.utf8 ?? "".utf8)
        } catch {
            throw APIError(
                .badRequest, code: .badRequest,
                "The query \"\(error.text)\" is not percent-encoded UTF-8; encode each byte outside "
                    + "A-Z a-z 0-9 - . _ ~ as %XX.")
        }
        var parameters: [(name: String, value: String)] = []
        for (name, value) in pairs {
            guard !parameters.contains(where: { $0.name.hasSameBytes(as: name) }) else {
                throw APIError(
                    .badRequest, code: .badRequest, "The query parameter \(name) is given more than once; give it once.")
            }
            parameters.append((name, value))
        }
        self.parameters = parameters
    }

    /// The value of `name`, decoded; `nil` when the query does not give it.
    func get(_ name: String) -> String? {
        parameters.first { $0.name.hasSameBytes(as: name) }?.value
    }

    func seq(_ name: String) throws -> UInt64? {
        guard let text = get(name) else { return nil }
        guard let value = UInt64(text) else {
            throw APIError(.badRequest, code: .badRequest, "\(name) must be a seq, a whole number from 0, not \"\(text)\".")
        }
        return value
    }

    func count(_ name: String) throws -> Int? {
        guard let text = get(name) else { return nil }
        guard let value = Int(text), value > 0 else {
            throw APIError(.badRequest, code: .badRequest, "\(name) must be a whole number above 0, not \"\(text)\".")
        }
        return value
    }

    func flag(_ name: String) throws -> Bool {
        switch get(name) {
        case nil, "false": return false
        case "true": return true
        case let text?: throw APIError(.badRequest, code: .badRequest, "\(name) must be true or false, not \"\(text)\".")
        }
    }

    func required(_ name: String) throws -> String {
        guard let text = get(name), !text.isEmpty else {
            throw APIError(.badRequest, code: .badRequest, "The query parameter \(name) is required.")
        }
        return text
    }

    /// RFC 3339, or a bare date meaning its start in UTC; only times the ledger can keep.
    func time(_ name: String) throws -> Timestamp? {
        guard let text = get(name) else { return nil }
        do {
            return try Timestamp(parsingDateOrRFC3339: text)
        } catch .notRFC3339 {
            throw APIError(
                .badRequest, code: .badRequest,
                "\(name) must be an RFC 3339 time (2015-12-07T18:30:00Z) or a date (2015-12-07), not \"\(text)\".")
        } catch {
            throw APIError(.badRequest, code: .badRequest, "\(name) \"\(text)\" cannot be used: \(error).")
        }
    }

    /// `min_head`: the head a read must wait for, if the query gives one.
    func minimumHead() throws -> UInt64? {
        guard let text = get("min_head") else { return nil }
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let wanted = UInt64(text)
        else {
            throw LedgerError(
                code: .invalidValue,
                message: "min_head must be a whole number: the head an append answered, such as min_head=1042.")
        }
        return wanted
    }

    /// `at` and `as_of`, each defaulting to now.
    func horizon() throws -> Horizon {
        let now = Timestamp.now()
        return Horizon(at: try time("at") ?? now, asOf: try time("as_of") ?? now)
    }
}
