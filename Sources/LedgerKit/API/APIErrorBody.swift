/// The body of every 4xx and 5xx answer:
/// `{"error":{"code":"snake_case_code","message":"…","index":i,"field":"name"}}`.
public struct APIErrorBody: Codable, Sendable, Hashable {
    /// One problem of a refused batch.
    public struct Problem: Codable, Sendable, Hashable {
        public var code: String
        public var message: String
        public var index: Int?
        public var field: String?
    }

    public struct Detail: Codable, Sendable, Hashable {
        public var code: String
        public var message: String
        public var index: Int?
        public var field: String?
        /// Every problem found, when a batch had more than one.
        public var problems: [Problem]?
    }

    public var error: Detail

    public init(code: String, message: String, index: Int? = nil, field: String? = nil, problems: [Problem]? = nil) {
        error = Detail(code: code, message: message, index: index, field: field, problems: problems)
    }

    public init(_ error: LedgerError) {
        let problems =
            error.problems.count > 1
            ? error.problems.map { Problem(code: $0.code.rawValue, message: $0.message, index: $0.index, field: $0.field) }
            : nil
        self.init(code: error.code.rawValue, message: error.message, index: error.index, field: error.field, problems: problems)
    }

    /// The error as LedgerKit's own type.
    public var ledgerError: LedgerError {
        LedgerError(
            code: .init(rawValue: error.code), message: error.message,
            problems: (error.problems
                ?? (error.index != nil || error.field != nil
                    ? [Problem(code: error.code, message: error.message, index: error.index, field: error.field)] : []))
                .map { EventProblem(index: $0.index, field: $0.field, code: .init(rawValue: $0.code), message: $0.message) })
    }
}
