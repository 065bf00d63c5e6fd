import LedgerKit

/// One line saying what an event does, for the live feed and titles: `SOURCE affirms SUBJECT PREDICATE = OBJECT`.
enum EventSummary {
    static func sentence(_ event: Event) -> String {
        switch event.body {
        case .assert(let claim):
            "\(claim.source) \(claim.stance == .deny ? "denies" : "affirms") \(claim.subject) \(claim.predicate) = "
                + CanonicalJSON.string(claim.object)
        case .retract(let retraction): "\(event.actor) retracts \(retraction.target): \(retraction.reason)"
        case .erase(let erasure): "\(event.actor) erases the evidence of \(erasure.target): \(erasure.reason)"
        }
    }
}
