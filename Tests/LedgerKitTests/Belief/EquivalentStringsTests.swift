import LedgerKit
import LedgerTestSupport
import Testing

/// Strings that Unicode calls canonically equivalent but whose bytes differ are different strings to the
/// ledger: it hashes and signs bytes. Each pair below is equal under Swift's `String ==`.
@Suite("Equivalent but different strings")
struct EquivalentStringsTests {
    static let pairs: [(String, String)] = [
        ("Jos\u{E9}", "Jose\u{301}"),  // é precomposed and decomposed
        ("\u{C5}ngstr\u{F6}m", "\u{212B}ngstr\u{F6}m"),  // Å and the Angstrom sign
        ("\u{212A}elvin", "Kelvin"),  // the Kelvin sign and K
        ("\u{D55C}", "\u{1112}\u{1161}\u{11AB}"),  // 한 as one syllable and as jamo
    ]

    @Test func swiftCallsThemEqualAndTheLedgerDoesNot() {
        for (a, b) in Self.pairs {
            #expect(a == b)
            #expect(a.exact != b.exact)
            #expect(JSONValue.string(a) != JSONValue.string(b))
            #expect(Set([a.exact, b.exact]).count == 2)
        }
    }

    @Test func anObjectMayHaveBothNamesAndKeepsThem() async throws {
        let value = try JSONParser.parse(#"{"\u00e9":1,"e\u0301":2}"#)
        #expect(value.objectValue?.count == 2)
        #expect(value["\u{E9}"] == 1)
        #expect(value["e\u{301}"] == 2)
        // RFC 8785 order: by UTF-16 code units, so "e\u0301" (0x65 …) before "é" (0xE9).
        #expect(CanonicalJSON.string(value) == "{\"e\u{301}\":2,\"\u{E9}\":1}")
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"\u00e9":1,"\u00e9":2}"#) }
        let draft = try Fixtures.draft(
            #"{"type":"assert","subject":"s","predicate":"p","source":"x","object":{"\u00e9":1,"e\u0301":2}}"#)
        guard case .assert(let claim) = draft.body else {
            Issue.record("not a claim")
            return
        }
        #expect(claim.object.objectValue?.count == 2)
    }

    @Test func twoSourcesOneAffirmingOneDenyingAreContested() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        for (index, (nfc, nfd)) in Self.pairs.enumerated() {
            let subject = "subject-\(index)"
            _ = try store.ledger.append(
                [
                    Self.claim(subject: subject, predicate: "p", source: nfd),
                    Self.claim(subject: subject, predicate: "p", source: nfc, polarity: .deny),
                ], actor: "desk")
            let belief = try #require(try store.queries.belief(subject: subject, horizon: .latest))
            #expect(belief.predicates.count == 1)
            #expect(belief.predicates[0].status == .contested)
            let candidate = belief.predicates[0].candidates[0]
            #expect(candidate.affirmedBy.count == 1 && candidate.affirmedBy[0].hasSameBytes(as: nfd))
            #expect(candidate.deniedBy.count == 1 && candidate.deniedBy[0].hasSameBytes(as: nfc))
        }
    }

    @Test func twoPredicatesStayTwoInBeliefAndHistory() async throws {
        let directory = try TemporaryDirectory()
        var configuration = LedgerConfiguration()
        configuration.multiValuedPredicates = ["caf\u{E9}"]
        let store = try await TestNode.embedded(directory: directory.path, configuration: configuration)
        _ = try store.ledger.append(
            [
                Self.claim(subject: "s", predicate: "caf\u{E9}", source: "a", object: "x"),
                Self.claim(subject: "s", predicate: "caf\u{E9}", source: "a", object: "y"),
                Self.claim(subject: "s", predicate: "cafe\u{301}", source: "a", object: "x"),
                Self.claim(subject: "s", predicate: "cafe\u{301}", source: "a", object: "y"),
            ], actor: "desk")
        let belief = try #require(try store.queries.belief(subject: "s", horizon: .latest))
        #expect(belief.predicates.map(\.predicate.exact) == ["cafe\u{301}", "caf\u{E9}"])
        // Only the precomposed one is multi-valued: the other, with two values, is contested.
        #expect(belief.predicates.map(\.status) == [.contested, .settled])
        let only = try #require(try store.queries.belief(subject: "s", predicate: "caf\u{E9}", horizon: .latest))
        #expect(only.predicates.map(\.predicate.exact) == ["caf\u{E9}"])
        let history = try #require(try await store.queries.history(subject: "s"))
        #expect(history.map(\.statusAfter) == [.settled, .settled, .settled, .contested])
    }

    @Test func resendingAnIDWithEquivalentContentIsAConflict() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        let stored = Self.claim(
            id: "k1", subject: "cafe\u{301}", predicate: "p", source: "Jose\u{301}", object: "cafe\u{301}", quote: "cafe\u{301}")
        _ = try store.ledger.append([stored], actor: "desk")
        #expect(try store.ledger.append([stored], actor: "desk").events[0].isDuplicate)
        let variants = [
            Self.claim(
                id: "k1", subject: "caf\u{E9}", predicate: "p", source: "Jose\u{301}", object: "cafe\u{301}", quote: "cafe\u{301}"
            ),
            Self.claim(
                id: "k1", subject: "cafe\u{301}", predicate: "p", source: "Jos\u{E9}", object: "cafe\u{301}", quote: "cafe\u{301}"
            ),
            Self.claim(
                id: "k1", subject: "cafe\u{301}", predicate: "p", source: "Jose\u{301}", object: "caf\u{E9}", quote: "cafe\u{301}"
            ),
            Self.claim(
                id: "k1", subject: "cafe\u{301}", predicate: "p", source: "Jose\u{301}", object: "cafe\u{301}", quote: "caf\u{E9}"
            ),
        ]
        for variant in variants {
            let error = try #require(throws: LedgerError.self) { try store.ledger.append([variant], actor: "desk") }
            #expect(error.code == .idConflict)
        }
        #expect(try store.ledger.head() == 1)
    }

    @Test func pagesOfSubjectsContestedAndClaimsListEverySubjectOnce() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        var subjects = ["caf\u{E9}", "cafe\u{301}"] + (0..<7).map { "subject-\($0)" }
        subjects.append(contentsOf: Self.pairs.flatMap { [$0.0, $0.1] })
        for subject in subjects {
            _ = try store.ledger.append(
                [
                    Self.claim(subject: subject, predicate: "p", source: "Jos\u{E9}", object: "x"),
                    Self.claim(subject: subject, predicate: "p", source: "Jose\u{301}", object: "y"),
                ], actor: "desk")
        }
        let expected = subjects.map(\.exact).sorted()

        var listed: [ExactString] = []
        var after: String?
        repeat {
            let page = try store.queries.subjects(after: after, limit: 3)
            listed += page.map(\.subject.exact)
            after = page.count == 3 ? page.last?.subject : nil
        } while after != nil
        #expect(listed == expected)

        var contested: [ExactString] = []
        after = nil
        repeat {
            let page = try store.queries.contested(horizon: .latest, after: after, limit: 3)
            contested += page.map(\.subject.exact)
            let pageSubjects = Set(page.map(\.subject.exact))
            after = pageSubjects.count == 3 ? page.last?.subject : nil
        } while after != nil
        #expect(contested == expected)

        for source in ["Jos\u{E9}", "Jose\u{301}"] {
            let claims = try store.queries.claims(bySource: source, limit: 100, horizon: .latest)
            #expect(claims.count == subjects.count)
            #expect(claims.allSatisfy { $0.status == .contested })
        }
    }

    @Test func aPrefixWithAnEarlierAfterStartsAtThePrefix() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        _ = try store.ledger.append(
            ["apple", "banana", "berry", "cherry"].map { Self.claim(subject: $0, predicate: "p", source: "s") }, actor: "desk")
        #expect(try store.queries.subjects(prefix: "b", after: "a", limit: 10).map(\.subject) == ["banana", "berry"])
        #expect(try store.queries.subjects(prefix: "b", after: "banana", limit: 10).map(\.subject) == ["berry"])
        #expect(try store.queries.subjects(prefix: "b", after: "c", limit: 10).isEmpty)
    }

    static func claim(
        id: String? = nil, subject: String, predicate: String, source: String, object: JSONValue = "x",
        polarity: Polarity? = nil, quote: String? = nil
    ) -> EventDraft {
        EventDraft(
            id: id,
            body: .assert(
                Assertion(
                    subject: subject, predicate: predicate, object: object, source: source, polarity: polarity,
                    evidence: quote.map { Evidence(quote: $0) })))
    }
}
