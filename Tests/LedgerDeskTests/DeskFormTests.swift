import LedgerKit
import Testing

@testable import LedgerDesk

@Suite("The desk's forms")
struct DeskFormTests {
    @Test("fields are decoded as browsers encode them and looked up by bytes")
    func formDecoding() throws {
        let form = try FormFields(encoded: "subject=Jos%C3%A9&source=Jose%CC%81&note=a+b%2Bc&empty=".utf8)
        #expect(form["subject"].map { Array($0.utf8) } == Array("Jos\u{E9}".utf8))
        #expect(form["source"].map { Array($0.utf8) } == Array("Jose\u{301}".utf8))
        #expect(form["note"] == "a b+c")
        #expect(form["empty"] == "" && form.given("empty") == nil)
        #expect(throws: DeskError.self) { try FormFields(encoded: "a=%ZZ".utf8) }
        #expect(throws: DeskError.self) { try FormFields(encoded: "a=%FF".utf8) }
    }

    @Test("the claim form becomes the assert event the API takes")
    func claimEvent() throws {
        let form = try FormFields(
            encoded:
                "subject=s&predicate=p&object=%5B1%2C2%5D&source=src&polarity=deny&effective_at=2015-12-07&confidence=0.5&via=a%0D%0Ab&basis=told&quote=q&citation=&id="
                .utf8)
        let event = try DeskPages.claimEvent(form)
        #expect(
            CanonicalJSON.string(.object(event))
                == #"{"basis":"told","confidence":0.5,"effective_at":"2015-12-07T00:00:00.000000Z","evidence":{"quote":"q"},"object":[1,2],"polarity":"deny","predicate":"p","source":"src","subject":"s","type":"assert","via":["a","b"]}"#
        )
        let text = try DeskPages.claimEvent(FormFields(encoded: "object=Russia&effective_at=yesterday".utf8))
        #expect(text["object"] == .string("Russia"))
        #expect(
            text["effective_at"] == .string("yesterday"), "a time the desk cannot read is left for the daemon to refuse, by field"
        )
        #expect(throws: DeskPages.FieldError.self) { try DeskPages.claimEvent(FormFields(encoded: "confidence=much".utf8)) }
    }

    @Test("a refusal lands beside the field it names")
    func refusalPlacement() {
        var fields = DeskPages.claimFields()
        #expect(FormField.place("bad time", field: "effective_at", in: &fields))
        #expect(fields.first { $0.name == "effective_at" }?.error == "bad time")
        #expect(FormField.place("bad conduit", field: "via[1]", in: &fields))
        #expect(!FormField.place("no such", field: "expected_head", in: &fields))
        #expect(!FormField.place("none", field: nil, in: &fields))
    }

    @Test("links keep every byte of a name, so equivalent names are distinct pages")
    func links() {
        #expect(Link.subject("a/b?c") == "/subject?name=a%2Fb%3Fc")
        #expect(Link.source("Jos\u{E9}") != Link.source("Jose\u{301}"))
        #expect(Link.event("<script>") == "/event?id=%3Cscript%3E")
    }
}
