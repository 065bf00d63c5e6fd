/// A belief shipped with the evidence that it follows from the record: the belief at (`at`, `as_of`),
/// the signed checkpoint it was computed at, every event touching the subject up to that checkpoint
/// (asserts, their retractions and erasures) and an inclusion proof for each. ``ReceiptVerifier``
/// checks it offline, trusting neither the daemon nor whoever sent it.
///
/// What it proves: these events are in a log consistent with that checkpoint, and the belief follows
/// from them. What it cannot prove: that no other event about the subject exists.
public struct BeliefReceipt: Codable, Sendable, Hashable {
    /// The belief, as `GET /v1/belief` answers it.
    public var belief: SubjectBelief
    /// The predicate asked about, when the receipt covers one.
    public var predicate: String?
    /// The C2SP signed note of the tree head the belief was computed at.
    public var checkpoint: String
    /// The key the daemon says signed it; a verifier should pin its own.
    public var verifierKey: String
    /// The predicates the daemon treats as multi-valued (`[belief] multi_valued`), part of the rule.
    public var multiValued: [String]
    /// The events, each exactly as stored (its canonical JSON is its stored bytes).
    public var events: [JSONValue]
    /// One proof per event, in the same order, at the checkpoint's tree size.
    public var inclusion: [InclusionProof]

    public init(
        belief: SubjectBelief, predicate: String?, checkpoint: String, verifierKey: String, multiValued: [String],
        events: [JSONValue], inclusion: [InclusionProof]
    ) {
        self.belief = belief
        self.predicate = predicate
        self.checkpoint = checkpoint
        self.verifierKey = verifierKey
        self.multiValued = multiValued
        self.events = events
        self.inclusion = inclusion
    }

    enum CodingKeys: String, CodingKey {
        case belief, predicate, checkpoint, events, inclusion
        case verifierKey = "verifier_key"
        case multiValued = "multi_valued"
    }
}

/// The belief a receipt's events give: the one computation the daemon and every verifier share.
public enum ReceiptBelief {
    /// The belief about `subject` (or one `predicate` of it) from `events`, seen at `horizon`: its
    /// claims, with the retractions among them applied, graded by the events' claims about `source:`
    /// subjects. Also the names whose `source:` facts it read: a complete receipt holds every event
    /// touching `source:NAME` for each of them.
    public static func compute(
        subject: String, predicate: String?, events: [Event], horizon: Horizon, multiValued: Set<ExactString>
    ) -> (belief: SubjectBelief, consulted: [String]) {
        var claims: [ExactString: ClaimRecord] = [:]
        for event in events {
            if let claim = ClaimRecord(event) { claims[event.id.exact] = claim }
        }
        for event in events {
            guard case .retract(let retraction) = event.body, var claim = claims[retraction.target.exact] else { continue }
            claim.retraction = RetractionRecord(seq: event.seq, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt)
            claims[retraction.target.exact] = claim
        }
        let bySubject = Dictionary(grouping: claims.values.sorted { $0.seq < $1.seq }, by: \.subject.exact)
        var evaluator = CredibilityEvaluator(
            subject: subject, claims: bySubject[subject.exact] ?? [], horizon: horizon, multiValued: multiValued
        ) { name in
            bySubject[SourceFacts.subject(of: name).exact] ?? []
        }
        // The facts come from memory: nothing here throws.
        let belief =
            (try? evaluator.belief(predicate: predicate))
            ?? SubjectBelief(subject: subject, at: horizon.at, asOf: horizon.asOf, predicates: [])
        return (belief, evaluator.consultedNames)
    }
}
