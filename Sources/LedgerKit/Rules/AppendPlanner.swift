import Crypto

/// Every rule an append, a retraction, an erasure or a restore must follow against the ledger
/// (docs/semantics.md § Events), checked once and in one place, over ``LedgerFacts`` a backend looked up:
/// no storage here, so the LMDB and the PostgreSQL logs plan alike.
///
/// Requests are planned in order; a refused request fails alone and changes nothing the ones after it
/// see. Every new event of the group gets the group's `recorded_at`: the clock, but never before the
/// last event's.
public struct AppendPlanner {
    public var facts: LedgerFacts
    /// The largest stored event, in bytes.
    public let maximumEventSize: Int
    private let recordedAt: Timestamp
    /// The daemon's clock for this group.
    private let now: Timestamp
    private var journal: [Undo] = []

    /// How far past the daemon's clock a restored event's `recorded_at` may be: another machine's clock a
    /// little ahead is no harm; a time far ahead would become every later event's `recorded_at`.
    public static let restoreClockTolerance: Int64 = 5 * 60 * 1_000_000

    public init(facts: LedgerFacts, now: Timestamp, maximumEventSize: Int) {
        self.facts = facts
        self.maximumEventSize = maximumEventSize
        self.now = now
        recordedAt = max(now, facts.lastRecordedAt ?? now)
    }

    /// Plans `group`.
    public static func plan(_ group: [WriteRequest], facts: LedgerFacts, now: Timestamp, maximumEventSize: Int) -> AppendPlan {
        var planner = AppendPlanner(facts: facts, now: now, maximumEventSize: maximumEventSize)
        var plan = AppendPlan(head: facts.head, lastRecordedAt: facts.lastRecordedAt)
        for request in group {
            let mark = planner.mark(plan)
            do {
                let result: AppendResult
                switch request {
                case .append(let batch): result = try planner.append(batch, into: &plan)
                case .restore(let lines): result = try planner.restore(lines, into: &plan)
                }
                plan.results.append(.success(result))
            } catch let error as LedgerError {
                planner.rollBack(to: mark, plan: &plan)
                plan.results.append(.failure(error))
            } catch {
                planner.rollBack(to: mark, plan: &plan)
                plan.results.append(.failure(LedgerError(code: .storageFailure, message: "\(error)")))
            }
        }
        return plan
    }

    // MARK: Undoing a refused request

    /// Where the planner and the plan stood before a request: a refused request is rolled back to it,
    /// so it changes nothing the requests after it see.
    struct Mark {
        let head: UInt64
        let lastRecordedAt: Timestamp?
        let restoredThrough: UInt64
        let planEvents: Int
        let planRewrites: Int
        let planRestoredThrough: UInt64?
    }

    /// A fact as it was before the current request changed it.
    private enum Undo {
        case event(ExactString, KnownEvent?)
        case subject(ExactString, UInt64)
    }

    private mutating func mark(_ plan: AppendPlan) -> Mark {
        journal.removeAll(keepingCapacity: true)
        return Mark(
            head: facts.head, lastRecordedAt: facts.lastRecordedAt, restoredThrough: facts.restoredThrough,
            planEvents: plan.events.count, planRewrites: plan.rewrites.count, planRestoredThrough: plan.restoredThrough)
    }

    private mutating func rollBack(to mark: Mark, plan: inout AppendPlan) {
        for undo in journal.reversed() {
            switch undo {
            case .event(let id, let known): facts.events[id] = known
            case .subject(let subject, let seq): facts.subjectLastSeq[subject] = seq
            }
        }
        journal.removeAll(keepingCapacity: true)
        facts.head = mark.head
        facts.lastRecordedAt = mark.lastRecordedAt
        facts.restoredThrough = mark.restoredThrough
        plan.events.removeSubrange(mark.planEvents...)
        plan.rewrites.removeSubrange(mark.planRewrites...)
        plan.head = mark.head
        plan.lastRecordedAt = mark.lastRecordedAt
        plan.restoredThrough = mark.planRestoredThrough
    }

    private mutating func setEvent(_ known: KnownEvent, for id: String) {
        let key = id.exact
        journal.append(.event(key, facts.events.updateValue(known, forKey: key)))
    }

    /// Records that `seq` touches `subject`, for the subjects a request's `expected_subject_seq` names
    /// (the only ones the facts track).
    private mutating func touch(_ subject: String, seq: UInt64) {
        guard !facts.subjectLastSeq.isEmpty else { return }
        let key = subject.exact
        guard let last = facts.subjectLastSeq[key] else { return }
        journal.append(.subject(key, last))
        facts.subjectLastSeq[key] = seq
    }

    // MARK: Appends

    mutating func append(_ batch: PreparedBatch, into plan: inout AppendPlan) throws -> AppendResult {
        if let expected = batch.expectedHead, expected != facts.head {
            throw LedgerError(
                code: .headMoved,
                message: "The ledger's head is \(facts.head), not the expected \(expected); nothing was written. "
                    + "Read what changed since \(expected) and retry.")
        }
        for (subject, seen) in batch.expectedSubjectSeqs.sorted(by: { $0.key < $1.key }) {
            let last = facts.subjectLastSeq[subject] ?? 0
            if last > seen {
                throw LedgerError(
                    code: .subjectMoved,
                    message: "The subject \(subject) changed after seq \(seen): its last event is \(last). Nothing was "
                        + "written; read it again and retry.")
            }
        }
        var results: [AppendedEvent] = []
        results.reserveCapacity(batch.events.count)
        for (index, prepared) in batch.events.enumerated() {
            if let existing = facts.events[prepared.id.exact] {
                results.append(try duplicate(of: prepared, existing: existing, index: index))
                continue
            }
            let seq = facts.head + 1
            let event = Event(seq: seq, recordedAt: recordedAt, actor: batch.actor, id: prepared.id, body: prepared.body)
            var known = KnownEvent(seq: seq, type: prepared.body.type)
            switch prepared.body {
            case .assert(let claim):
                known.subject = claim.subject
                known.hasEvidence = claim.evidence != nil
                touch(claim.subject, seq: seq)
            case .retract(let retraction):
                try retract(retraction.target, by: seq, index: index)
            case .erase(let erasure):
                plan.rewrites.append(try erase(erasure.target, by: seq, index: index))
            }
            let middle = CanonicalEventParts.middle(recordedAt: recordedAt, seq: seq)
            let size = prepared.parts.head.count + middle.count + prepared.parts.tail.count
            guard size <= maximumEventSize else {
                throw LedgerError(problems: [
                    EventProblem(
                        index: index, field: nil, code: .eventTooLarge,
                        message:
                            "Event \(index) is \(size) bytes, over the limit of \(maximumEventSize); shorten its evidence or object."
                    )
                ])
            }
            var stored: [UInt8] = []
            stored.reserveCapacity(size)
            stored += prepared.parts.head
            stored += middle
            stored += prepared.parts.tail
            known.storedBytes = stored
            setEvent(known, for: prepared.id)
            plan.events.append(
                PlannedEvent(
                    event: event, stored: stored,
                    leafHash: Self.leafHash(prefix: prepared.leafPrefix, middle: middle, tail: prepared.parts.tail),
                    objectBytes: prepared.objectBytes))
            facts.head = seq
            results.append(AppendedEvent(seq: seq, id: prepared.id, recordedAt: recordedAt, isDuplicate: false))
        }
        if results.contains(where: { !$0.isDuplicate }) { facts.lastRecordedAt = recordedAt }
        plan.head = facts.head
        plan.lastRecordedAt = facts.lastRecordedAt
        return AppendResult(head: facts.head, events: results)
    }

    /// `SHA-256(0x00 || leaf)` of the parts with the middle spliced in, hashed where they lie.
    static func leafHash(_ parts: CanonicalEventParts, middle: [UInt8]) -> [UInt8] {
        leafHash(prefix: leafPrefix(parts), middle: middle, tail: parts.tail)
    }

    /// The leaf hash begun: `0x00` and the head without its evidence, which the request's own thread
    /// can hash before the writer knows `recorded_at` and `seq`.
    static func leafPrefix(_ parts: CanonicalEventParts) -> SHA256 {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
        parts.head.withUnsafeBytes { head in
            if let evidence = parts.evidenceMember {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: head[..<evidence.lowerBound]))
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: head[evidence.upperBound...]))
            } else {
                hasher.update(bufferPointer: head)
            }
        }
        return hasher
    }

    /// The leaf hash finished from its begun `prefix`.
    static func leafHash(prefix: SHA256, middle: [UInt8], tail: [UInt8]) -> [UInt8] {
        var hasher = prefix
        hasher.update(data: middle)
        hasher.update(data: tail)
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// An event whose id exists: the same content (the fields a client may set) is a duplicate, anything
    /// else a conflict. A claim whose evidence was erased is compared without it, and never gets it back.
    private func duplicate(of prepared: PreparedEvent, existing: KnownEvent, index: Int) throws -> AppendedEvent {
        let stored: Event
        do {
            guard let bytes = existing.storedBytes else { throw LedgerError(code: .damagedEvent, message: "") }
            stored = try StoredEvent(seq: existing.seq, bytes: bytes).decoded()
        } catch let error as LedgerError where error.code == .damagedEvent {
            throw LedgerError(problems: [
                EventProblem(
                    index: index, field: EventField.id, code: .idConflict,
                    message:
                        "Event \(index): the id \(prepared.id) is already used by event \(existing.seq), which cannot be read "
                        + "back to compare (ledgerctl audit verify names what is damaged); use a new id.")
            ])
        }
        var offered = prepared.draft.body
        if case .assert(var assertion) = offered, case .assert(let kept) = stored.body, kept.evidence == nil,
            kept.evidenceHash != nil
        {
            assertion.evidence = nil  // erased evidence is never compared, nor written again
            offered = .assert(assertion)
        }
        guard EventDraft(id: prepared.id, body: offered).contentValue(id: prepared.id) == stored.contentValue else {
            throw LedgerError(problems: [
                EventProblem(
                    index: index, field: EventField.id, code: .idConflict,
                    message:
                        "Event \(index): the id \(prepared.id) is already used by event \(existing.seq) with different content; "
                        + "use a new id for a new event.")
            ])
        }
        return AppendedEvent(seq: existing.seq, id: prepared.id, recordedAt: stored.recordedAt, isDuplicate: true)
    }

    // MARK: Retractions and erasures

    private func damagedTarget(_ target: String, _ claim: KnownEvent, _ index: Int) -> LedgerError {
        targetProblem(
            .invalidTarget, index,
            "the event \(target) (seq \(claim.seq)) cannot be read back: it is damaged (ledgerctl audit verify names what is "
                + "wrong), so nothing can be done to it.")
    }

    private func targetProblem(_ code: LedgerError.Code, _ index: Int, _ message: String) -> LedgerError {
        LedgerError(problems: [
            EventProblem(index: index, field: EventField.target, code: code, message: "Event \(index): \(message)")
        ])
    }

    /// The retraction rules: the target is a claim, not yet retracted.
    private mutating func retract(_ target: String, by seq: UInt64, index: Int) throws {
        guard var claim = facts.events[target.exact] else {
            throw targetProblem(.unknownTarget, index, "no event has the id \(target); retract the id of an existing claim.")
        }
        guard !claim.isDamaged else { throw damagedTarget(target, claim, index) }
        guard claim.type == .assert else {
            throw targetProblem(
                .invalidTarget, index,
                "the event \(target) is a \(claim.type.rawValue) event; only assert events can be retracted.")
        }
        if let earlier = claim.retractedBy {
            throw targetProblem(
                .alreadyRetracted, index,
                "the claim \(target) was already retracted by event \(earlier); a claim is retracted once.")
        }
        claim.retractedBy = seq
        setEvent(claim, for: target)
        if let subject = claim.subject { touch(subject, seq: seq) }
    }

    /// The erasure rules: the target is a claim with evidence, not yet erased. Returns the claim's stored
    /// bytes without `evidence`, which is the claim exactly as it was but for that member: its leaf, which
    /// never held the evidence, stays the same.
    private mutating func erase(_ target: String, by seq: UInt64, index: Int, evidenceAlreadyGone: Bool = false) throws -> Rewrite
    {
        guard var claim = facts.events[target.exact] else {
            throw targetProblem(.unknownTarget, index, "no event has the id \(target); erase the id of an existing claim.")
        }
        guard !claim.isDamaged else { throw damagedTarget(target, claim, index) }
        guard claim.type == .assert else {
            throw targetProblem(
                .notErasable, index,
                "the event \(target) is a \(claim.type.rawValue) event; only a claim's evidence can be erased.")
        }
        if let earlier = claim.erasedBy {
            throw targetProblem(.alreadyErased, index, "the evidence of \(target) was already erased by event \(earlier).")
        }
        guard let bytes = claim.storedBytes, let line = try? bytes.withUnsafeBytes({ try StoredEventLine($0) }) else {
            throw damagedTarget(target, claim, index)
        }
        var rewritten = bytes
        if evidenceAlreadyGone {
            guard line.evidenceMember == nil, line.evidenceHash != nil else {
                throw targetProblem(
                    .notErasable, index, "the claim \(target) still has its evidence; restore the export as it was written.")
            }
        } else {
            guard claim.hasEvidence, let member = line.evidenceMember else {
                throw targetProblem(.notErasable, index, "the claim \(target) has no evidence to erase.")
            }
            rewritten.removeSubrange(member)
        }
        claim.erasedBy = seq
        claim.hasEvidence = false
        claim.storedBytes = rewritten
        setEvent(claim, for: target)
        return Rewrite(seq: claim.seq, bytes: rewritten)
    }

    // MARK: Restores

    /// Restores events exported by a replay, every field kept, into a ledger that holds nothing but earlier
    /// restored events; a line already restored, byte for byte, is passed over (a restore may be re-run).
    mutating func restore(_ lines: [[UInt8]], into plan: inout AppendPlan) throws -> AppendResult {
        guard facts.head == 0 || facts.restoredThrough == facts.head else {
            throw LedgerError(
                code: .notEmpty,
                message: "The ledger already holds \(facts.head) events of its own; restore into an empty data directory "
                    + "(start ledgerd with a new --data-dir).")
        }
        var results: [AppendedEvent] = []
        for (index, line) in lines.enumerated() {
            func problem(_ message: String) -> LedgerError {
                LedgerError(problems: [EventProblem(index: index, field: nil, code: .invalidValue, message: message)])
            }
            if let seq = StoredEventLine.seq(of: line), seq <= facts.head {
                guard let stored = facts.storedBySeq[seq] ?? plan.events.first(where: { $0.seq == seq })?.stored, stored == line
                else {
                    throw problem(
                        "Event \(index) (seq \(seq)) differs from the event restored at seq \(seq) before; restore from the same export."
                    )
                }
                continue
            }
            let event: Event
            do {
                event = try StoredEvent(seq: 0, bytes: line).decoded()
            } catch let error as LedgerError {
                throw problem("Event \(index) is not a stored event: \(error.message)")
            }
            guard event.seq == facts.head + 1 else {
                throw problem(
                    "Event \(index) has seq \(event.seq), but the next seq is \(facts.head + 1); restore an export whole and in order."
                )
            }
            if event.recordedAt.microsecondsSinceEpoch > now.microsecondsSinceEpoch + Self.restoreClockTolerance {
                throw problem(
                    "Event \(index) (seq \(event.seq)) was recorded at \(event.recordedAt.rfc3339), more than 5 minutes after "
                        + "this daemon's clock (\(now.rfc3339)): restored, it would move the time of every later event there. "
                        + "Check the export, or this machine's clock.")
            }
            if let last = facts.lastRecordedAt, event.recordedAt < last {
                throw problem("Event \(index) (seq \(event.seq)) was recorded before the event ahead of it.")
            }
            let parts = CanonicalEventParts(actor: event.actor, id: event.id, body: event.body)
            let middle = CanonicalEventParts.middle(recordedAt: event.recordedAt, seq: event.seq)
            guard parts.head + middle + parts.tail == line else {
                throw problem(
                    "Event \(index) (seq \(event.seq)) is not in the canonical form the ledger stores; restore the bytes a replay "
                        + "wrote, unchanged.")
            }
            var known = KnownEvent(seq: event.seq, type: event.body.type, storedBytes: line)
            var objectBytes: [UInt8] = []
            switch event.body {
            case .assert(let claim):
                if let evidence = claim.evidence, claim.evidenceHash != evidence.hash {
                    throw problem("Event \(index) (seq \(event.seq)) has evidence that does not match its evidence_hash.")
                }
                known.subject = claim.subject
                known.hasEvidence = claim.evidence != nil
                objectBytes = CanonicalJSON.encode(claim.object)
                touch(claim.subject, seq: event.seq)
            case .retract(let retraction):
                try retract(retraction.target, by: event.seq, index: index)
            case .erase(let erasure):
                // The export holds the claim as it was left: without its evidence.
                _ = try erase(erasure.target, by: event.seq, index: index, evidenceAlreadyGone: true)
            }
            guard facts.events[event.id.exact] == nil else {
                throw problem("Event \(index) (seq \(event.seq)) has the id \(event.id), which an earlier event has.")
            }
            setEvent(known, for: event.id)
            plan.events.append(
                PlannedEvent(
                    event: event, stored: line, leafHash: Self.leafHash(parts, middle: middle), objectBytes: objectBytes))
            facts.head = event.seq
            facts.lastRecordedAt = event.recordedAt
            results.append(AppendedEvent(seq: event.seq, id: event.id, recordedAt: event.recordedAt, isDuplicate: false))
        }
        facts.restoredThrough = facts.head
        plan.head = facts.head
        plan.lastRecordedAt = facts.lastRecordedAt
        plan.restoredThrough = facts.head
        return AppendResult(head: facts.head, events: results)
    }
}
