import LedgerKit
import LedgerTestSupport
import Testing

/// docs/semantics.md § The seed scenario, worked: the example data set, recorded one statement at a time.
/// The example data set recorded on a store of one backend: the ministry's claims on Monday 23
/// November, the coalition's denial on Tuesday, and the rest on Wednesday, so record time can be asked
/// about as well as valid time.
final class SeedScenario {
    let directory: TemporaryDirectory
    let store: TestNode
    let clock = ManualClock("2026-11-23T09:00:00Z")

    init(_ backend: StoreBackend) async throws {
        directory = try TemporaryDirectory()
        let clock = self.clock
        store = try await backend.store(directory: directory.path, clock: { clock.read() })
        let drafts = try SeedData.drafts
        func ids(_ prefix: String) -> [EventDraft] { drafts.filter { $0.id!.hasPrefix("deir-ezzor-2015:" + prefix) } }
        _ = try store.ledger.append(ids("sfm-"), actor: "desk")
        clock.set("2026-11-24T09:00:00Z")
        _ = try store.ledger.append(ids("coalition-"), actor: "desk")
        clock.set("2026-11-25T09:00:00Z")
        _ = try store.ledger.append(ids("sohr-") + ids("pentagon-") + ids("rbss-"), actor: "desk")
    }

    func belief(at: String = "2026-11-26T00:00:00Z", asOf: String = "2026-11-26T00:00:00Z") throws -> [String: PredicateBelief] {
        let horizon = Horizon(at: Timestamp(rfc3339: at)!, asOf: Timestamp(rfc3339: asOf)!)
        let belief = try #require(try store.queries.belief(subject: SeedData.subject, horizon: horizon))
        return Dictionary(uniqueKeysWithValues: belief.predicates.map { ($0.predicate, $0) })
    }
}

@Suite("The seed scenario, on each event log")
struct SeedScenarioTests {
    @Test(arguments: StoreBackend.allCases) func beliefNow(backend: StoreBackend) async throws {
        let scenario = try await SeedScenario(backend)
        let now = try scenario.belief()
        let perpetrator = try #require(now["perpetrator"])
        #expect(perpetrator.status == .contested)
        #expect(perpetrator.candidates.map(\.object) == ["Russia", "US-led coalition"])
        #expect(
            perpetrator.candidates[0].affirmedBy == [
                "activist, Raqqa is Being Slaughtered Silently", "anonymous Pentagon official (Washington Post)",
            ])
        #expect(perpetrator.candidates[0].deniedBy.isEmpty)
        #expect(perpetrator.candidates[1].affirmedBy == ["Syrian Foreign Ministry"])
        #expect(perpetrator.candidates[1].deniedBy == ["US-led coalition (Col. Steve Warren)"])
        #expect(perpetrator.candidates[1].claims == ["deir-ezzor-2015:sfm-perpetrator", "deir-ezzor-2015:coalition-perpetrator"])

        let killed = try #require(now["killed"])
        #expect(killed.status == .contested)
        #expect(killed.candidates.map(\.object) == [3, 4])

        let wounded = try #require(now["wounded"])
        #expect(wounded.status == .settled)
        #expect(wounded.candidates.map(\.object) == [13])
        #expect(wounded.candidates[0].affirmedBy == ["Syrian Observatory for Human Rights"])
    }

    @Test(
        "Perpetrator at moments of 7 December 2015",
        arguments: StoreBackend.allCases,
        [
            ("2015-12-07T08:00:00Z", nil),  // before any statement
            ("2015-12-07T10:00:00Z", BeliefStatus.settled),  // the ministry alone
            ("2015-12-07T16:00:00Z", .contested),  // after the denial, before the Pentagon official
            ("2015-12-07T22:00:00Z", .contested),
        ])
    func perpetratorAtValidTime(backend: StoreBackend, moment: (at: String, status: BeliefStatus?)) async throws {
        #expect(try await SeedScenario(backend).belief(at: moment.at)["perpetrator"]?.status == moment.status)
    }

    @Test(arguments: StoreBackend.allCases) func afterTheDenialBeforeThePentagonOneCandidateIsAffirmedAndDenied(
        backend: StoreBackend
    ) async throws {
        let scenario = try await SeedScenario(backend)
        let perpetrator = try #require(try scenario.belief(at: "2015-12-07T16:00:00Z")["perpetrator"])
        #expect(perpetrator.candidates.count == 1)
        #expect(perpetrator.candidates[0].affirmedBy == ["Syrian Foreign Ministry"])
        #expect(perpetrator.candidates[0].deniedBy == ["US-led coalition (Col. Steve Warren)"])
    }

    @Test(
        "What the ledger said as of each day",
        arguments: StoreBackend.allCases,
        [
            ("2026-11-22T12:00:00Z", nil as BeliefStatus?, nil as BeliefStatus?),
            ("2026-11-23T12:00:00Z", .settled, .settled),  // only the ministry recorded
            ("2026-11-24T12:00:00Z", .contested, .settled),  // the denial recorded; the Observatory's count not yet
            ("2026-11-25T12:00:00Z", .contested, .contested),
        ])
    func asOf(
        backend: StoreBackend, day: (asOf: String, perpetrator: BeliefStatus?, killed: BeliefStatus?)
    ) async throws {
        let horizon = Horizon(at: Timestamp(rfc3339: "2026-11-26T00:00:00Z")!, asOf: Timestamp(rfc3339: day.asOf)!)
        let belief = try await SeedScenario(backend).store.queries.belief(subject: SeedData.subject, horizon: horizon)
        let byPredicate = Dictionary(uniqueKeysWithValues: (belief?.predicates ?? []).map { ($0.predicate, $0.status) })
        #expect(byPredicate["perpetrator"] == day.perpetrator)
        #expect(byPredicate["killed"] == day.killed)
    }

    @Test(arguments: StoreBackend.allCases) func aRetractionWithdrawsAndAVoidingOneErases(backend: StoreBackend) async throws {
        let scenario = try await SeedScenario(backend)
        scenario.clock.set("2026-11-26T09:00:00Z")
        // The Observatory's count withdrawn from 8 December: contested before, settled after.
        _ = try scenario.store.ledger.append(
            [
                EventDraft(
                    body: .retract(
                        Retraction(
                            target: "deir-ezzor-2015:sohr-killed", reason: "corrected",
                            effectiveAt: Timestamp(rfc3339: "2015-12-08T00:00:00Z"))))
            ], actor: "desk")
        #expect(try scenario.belief(at: "2015-12-07T23:00:00Z", asOf: "2026-11-27T00:00:00Z")["killed"]?.status == .contested)
        #expect(try scenario.belief(at: "2015-12-09T00:00:00Z", asOf: "2026-11-27T00:00:00Z")["killed"]?.status == .settled)
        // As of before the retraction was recorded, it had no effect.
        #expect(try scenario.belief(at: "2015-12-09T00:00:00Z", asOf: "2026-11-26T00:00:00Z")["killed"]?.status == .contested)
        // A retraction effective before the claim voids it entirely.
        _ = try scenario.store.ledger.append(
            [
                EventDraft(
                    body: .retract(
                        Retraction(
                            target: "deir-ezzor-2015:sohr-wounded", reason: "entered by mistake",
                            effectiveAt: Timestamp(rfc3339: "2015-12-01T00:00:00Z"))))
            ], actor: "desk")
        #expect(try scenario.belief(at: "2015-12-07T23:00:00Z", asOf: "2026-11-27T00:00:00Z")["wounded"] == nil)
    }

    @Test(arguments: StoreBackend.allCases) func aSourceThatChangesItsMindHasOneStance(backend: StoreBackend) async throws {
        let scenario = try await SeedScenario(backend)
        scenario.clock.set("2026-11-26T09:00:00Z")
        _ = try scenario.store.ledger.append(
            [
                EventDraft(
                    body: .assert(
                        Assertion(
                            subject: SeedData.subject, predicate: "perpetrator", object: "US-led coalition",
                            source: "Syrian Foreign Ministry",
                            polarity: .deny, effectiveAt: Timestamp(rfc3339: "2015-12-10T00:00:00Z"))))
            ], actor: "desk")
        let later = try #require(try scenario.belief(at: "2015-12-11T00:00:00Z", asOf: "2026-11-27T00:00:00Z")["perpetrator"])
        let coalition = try #require(later.candidates.first { $0.object == "US-led coalition" })
        #expect(coalition.affirmedBy.isEmpty)
        #expect(coalition.deniedBy == ["Syrian Foreign Ministry", "US-led coalition (Col. Steve Warren)"])
        #expect(later.status == .settled)  // Russia alone is affirmed, and no one denies it
    }

    @Test(arguments: StoreBackend.allCases) func historyShowsEachChange(backend: StoreBackend) async throws {
        let scenario = try await SeedScenario(backend)
        let history = try #require(try await scenario.store.queries.history(subject: SeedData.subject))
        #expect(history.count == 13)
        let denial = try #require(history.first { $0.id == "deir-ezzor-2015:coalition-perpetrator" })
        #expect(denial.statusBefore == .settled)
        #expect(denial.statusAfter == .contested)
        #expect(denial.gained.isEmpty)
        let pentagon = try #require(history.first { $0.id == "deir-ezzor-2015:pentagon-perpetrator" })
        #expect(pentagon.gained == ["Russia"])
        // Only what was recorded on Tuesday.
        let tuesday = try #require(
            try await scenario.store.queries.history(
                subject: SeedData.subject,
                window: HistoryWindow(
                    recordedFrom: Timestamp(rfc3339: "2026-11-24T00:00:00Z"),
                    recordedTo: Timestamp(rfc3339: "2026-11-24T23:59:59Z"))))
        #expect(tuesday.map(\.id) == ["deir-ezzor-2015:coalition-perpetrator"])
    }

    @Test(arguments: StoreBackend.allCases) func subjectsClaimsAndContested(backend: StoreBackend) async throws {
        let scenario = try await SeedScenario(backend)
        let subjects = try scenario.store.queries.subjects(prefix: "strike:", limit: 10)
        #expect(subjects.map(\.subject) == [SeedData.subject, SeedData.subject + ":coalition-wellhead"])
        #expect(subjects.map(\.events) == [13, 3])

        let now = Horizon(at: Timestamp(rfc3339: "2026-11-26T00:00:00Z")!, asOf: Timestamp(rfc3339: "2026-11-26T00:00:00Z")!)
        let byMinistry = try scenario.store.queries.claims(bySource: "Syrian Foreign Ministry", limit: 100, horizon: now)
        #expect(byMinistry.count == 7)
        #expect(byMinistry.allSatisfy { $0.stands })
        #expect(byMinistry.first { $0.predicate == "perpetrator" }?.status == .contested)
        let page = try scenario.store.queries.claims(
            bySource: "Syrian Foreign Ministry", after: byMinistry[2].seq, limit: 2, horizon: now)
        #expect(page.map(\.seq) == [byMinistry[3].seq, byMinistry[4].seq])

        let contested = try scenario.store.queries.contested(horizon: now, limit: 10)
        #expect(
            contested.map { "\($0.subject) \($0.predicate)" } == [
                "\(SeedData.subject) killed", "\(SeedData.subject) perpetrator",
            ])
    }

    @Test(arguments: StoreBackend.allCases) func multiValuedPredicatesDoNotConflict(backend: StoreBackend) async throws {
        var configuration = LedgerConfiguration()
        configuration.multiValuedPredicates = ["participant"]
        let other = try TemporaryDirectory()
        let store = try await backend.store(directory: other.path, configuration: configuration)
        let claim = { (object: JSONValue, source: String, polarity: Polarity) in
            EventDraft(
                body: .assert(
                    Assertion(subject: "sky", predicate: "participant", object: object, source: source, polarity: polarity)))
        }
        _ = try store.ledger.append([claim("France", "a", .affirm), claim("Russia", "b", .affirm)], actor: "desk")
        let horizon = Horizon(at: .distantFuture, asOf: .distantFuture)
        #expect(try store.queries.belief(subject: "sky", horizon: horizon)?.predicates.first?.status == .settled)
        _ = try store.ledger.append([claim("Russia", "c", .deny)], actor: "desk")
        #expect(try store.queries.belief(subject: "sky", horizon: horizon)?.predicates.first?.status == .contested)
    }
}
