import HTTPTypes
import LedgerKit

/// A request the desk cannot answer, with the sentence its page shows.
struct DeskError: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String
    /// The form field the daemon named, for a refused write.
    var field: String?

    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }
}

extension DeskError {
    /// The daemon's refusal, with the status it would have answered.
    init(refusal: LedgerError) {
        let status: HTTPResponse.Status =
            switch refusal.code.rawValue {
            case "forbidden": .forbidden
            case "not_found", "unknown_target": .notFound
            case "id_conflict", "already_retracted", "already_erased", "not_erasable", "head_moved", "subject_moved": .conflict
            case "storage_failure", "damaged_event", "damaged_log", "storage_unavailable", "behind", "shutting_down",
                "storage_full":
                .badGateway
            default: .badRequest
            }
        self.init(status, refusal.message, field: refusal.field)
    }
}
