import Testing

@testable import LedgerKit

/// A group's requests are planned in order, and one that is refused part-way changes nothing the
/// requests after it see: not the ids, not retractions, not the subjects' last seqs, not the head.
@Suite("Planning a group of requests")
struct AppendPlannerTests {
    private let now = Timestamp(microsecondsSinceEpoch: 1_449_482_400_000_000)

    private func batch(_ lines: [String], expectedSubjectSeqs: [ExactString: UInt64] = [:]) throws -> WriteRequest {
        .append(
            PreparedBatch(try lines.map(Fixtures.draft), actor: "desk", expectedSubjectSeqs: expectedSubjectSeqs))
    }

    private func claim(_ id: String, subject: String = "deir-ezzor-strike", object: Int = 1) -> String {
        #"{"type":"assert","id":"\#(id)","subject":"\#(subject)","predicate":"killed","object":\#(object),"source":"SOHR"}"#
    }

    @Test func aRequestRefusedPartWayLeavesNoTraceForTheRequestsAfterIt() throws {
        let group = [
            try batch([claim("a1")]),
            // Stages b1 and a retraction of a1, then conflicts on a1: all of it must be undone.
            try batch([claim("b1"), #"{"type":"retract","id":"r1","target":"a1","reason":"wrong"}"#, claim("a1", object: 2)]),
            // b1 and r1 are new again, a1 may still be retracted.
            try batch([claim("b1", object: 3), #"{"type":"retract","id":"r1","target":"a1","reason":"wrong"}"#]),
        ]
        let plan = AppendPlanner.plan(
            group, facts: LedgerFacts(head: 0, lastRecordedAt: nil), now: now, maximumEventSize: 65_536)

        #expect(plan.results.count == 3)
        guard case .success = plan.results[0], case .failure(let refusal) = plan.results[1],
            case .success(let third) = plan.results[2]
        else {
            Issue.record("expected success, failure, success; got \(plan.results)")
            return
        }
        #expect(refusal.problems.first?.code == .idConflict)
        #expect(plan.events.map(\.seq) == [1, 2, 3])
        #expect(plan.events.map { $0.event?.id } == ["a1", "b1", "r1"])
        #expect(third.events.map(\.isDuplicate) == [false, false])
        #expect(plan.head == 3)
    }

    @Test func aRefusedRequestDoesNotMoveASubjectForTheRequestsAfterIt() throws {
        let facts = LedgerFacts(head: 0, lastRecordedAt: nil, subjectLastSeq: ["deir-ezzor-strike": 0])
        let group = [
            // Touches the subject, then is refused (the retraction's target does not exist).
            try batch([claim("a1"), #"{"type":"retract","id":"r1","target":"missing","reason":"wrong"}"#]),
            // Expects the subject untouched since seq 0: true, because the request before was undone.
            try batch([claim("a2")], expectedSubjectSeqs: ["deir-ezzor-strike": 0]),
            // Now it has moved: refused.
            try batch([claim("a3")], expectedSubjectSeqs: ["deir-ezzor-strike": 0]),
        ]
        let plan = AppendPlanner.plan(group, facts: facts, now: now, maximumEventSize: 65_536)
        let codes = plan.results.map { result -> String in
            switch result {
            case .success: "ok"
            case .failure(let error): error.problems.first?.code.rawValue ?? error.code.rawValue
            }
        }
        #expect(codes == ["unknown_target", "ok", "subject_moved"])
        #expect(plan.events.map { $0.event?.id } == ["a2"])
        #expect(plan.events.map(\.seq) == [1])
    }
}
