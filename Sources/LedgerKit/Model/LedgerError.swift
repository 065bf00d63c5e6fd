/// One thing wrong with one event of a request: which event, which field, and what to do about it.
public struct EventProblem: Sendable, Hashable, CustomStringConvertible {
    /// Position of the event in its batch, counting from 0.
    public var index: Int?
    /// The field at fault, with a dot for nested fields (`evidence.quote`).
    public var field: String?
    /// The kind of problem.
    public var code: LedgerError.Code
    /// A sentence a person can act on.
    public var message: String

    public init(index: Int?, field: String?, code: LedgerError.Code, message: String) {
        self.index = index
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The error LedgerKit throws: a broad ``code``, a sentence a person can act on, and, for a refused
/// append, every ``EventProblem`` found.
///
/// Equality looks only at ``code``.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A kind of failure, spelled as the API's snake_case error code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The request is not JSON, or not the JSON expected.
        public static let invalidJSON = Code(rawValue: "invalid_json")
        /// A required field is absent.
        public static let missingField = Code(rawValue: "missing_field")
        /// A field has the wrong JSON type.
        public static let wrongType = Code(rawValue: "wrong_type")
        /// A field the event type does not have.
        public static let unknownField = Code(rawValue: "unknown_field")
        /// A field only the daemon may set.
        public static let fieldSetByDaemon = Code(rawValue: "field_set_by_daemon")
        /// A field of the right type with a value out of its range or syntax.
        public static let invalidValue = Code(rawValue: "invalid_value")
        /// A retraction whose target id is in no event.
        public static let unknownTarget = Code(rawValue: "unknown_target")
        /// A retraction whose target is not an assert event.
        public static let invalidTarget = Code(rawValue: "invalid_target")
        /// A retraction of a claim already retracted.
        public static let alreadyRetracted = Code(rawValue: "already_retracted")
        /// An event whose id exists with different content.
        public static let idConflict = Code(rawValue: "id_conflict")
        /// An event larger than the configured limit.
        public static let eventTooLarge = Code(rawValue: "event_too_large")
        /// A batch with more events than the configured limit, or none.
        public static let invalidBatch = Code(rawValue: "invalid_batch")
        /// Nothing has that id or position.
        public static let notFound = Code(rawValue: "not_found")
        /// The storage cannot take more data.
        public static let storageFull = Code(rawValue: "storage_full")
        /// The storage cannot be reached for now (a shared log's server restarting, say): nothing was
        /// written; retry.
        public static let storageUnavailable = Code(rawValue: "storage_unavailable")
        /// This node has not yet applied the head a read asked for (`min_head`).
        public static let behind = Code(rawValue: "behind")
        /// The storage failed in another way.
        public static let storageFailure = Code(rawValue: "storage_failure")
        /// A stored event could not be read back as an event.
        public static let damagedEvent = Code(rawValue: "damaged_event")
    }

    public var code: Code
    /// A sentence a person can act on.
    public var message: String
    /// Every problem found, for a refused append; the first one is ``message``.
    public var problems: [EventProblem]

    public init(code: Code, message: String, problems: [EventProblem] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// An error for a refused batch, led by its first problem.
    public init(problems: [EventProblem]) {
        precondition(!problems.isEmpty)
        let first = problems[0]
        let more = problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count > 2 ? "s" : ""))" : ""
        self.init(code: first.code, message: first.message + more, problems: problems)
    }

    /// The batch index of the first problem, if any.
    public var index: Int? { problems.first?.index }
    /// The field of the first problem, if any.
    public var field: String? { problems.first?.field }

    public var description: String { message }

    public static func == (lhs: LedgerError, rhs: LedgerError) -> Bool { lhs.code == rhs.code }
}

extension LedgerError.Code {
    /// The request's `expected_head` is not the ledger's head.
    public static let headMoved = Self(rawValue: "head_moved")
    /// A subject named in `expected_subject_seq` has an event after the seq given.
    public static let subjectMoved = Self(rawValue: "subject_moved")
    /// A batch with more events than the daemon takes at once.
    public static let batchTooLarge = Self(rawValue: "batch_too_large")
    /// A request body larger than the daemon takes.
    public static let bodyTooLarge = Self(rawValue: "body_too_large")
    /// The caller may not do this.
    public static let forbidden = Self(rawValue: "forbidden")
    /// The request names a path or method the API does not have, or a bad query parameter.
    public static let badRequest = Self(rawValue: "bad_request")
    /// The daemon is shutting down.
    public static let shuttingDown = Self(rawValue: "shutting_down")
    /// A restore into a ledger that already holds events of its own.
    public static let notEmpty = Self(rawValue: "not_empty")
    /// An erasure of an event that has no evidence to erase: a retract or erase event, or a claim without evidence.
    public static let notErasable = Self(rawValue: "not_erasable")
    /// A second erasure of the same claim.
    public static let alreadyErased = Self(rawValue: "already_erased")
    /// A backup into a directory that holds something, or that another backup is writing.
    public static let backupExists = Self(rawValue: "backup_exists")
}
