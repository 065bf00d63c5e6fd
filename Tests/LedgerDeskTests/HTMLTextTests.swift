import LedgerReport
import Mustache
import Testing

@Suite("Escaping by bytes")
struct HTMLTextTests {
    @Test("every markup byte is escaped, whatever combining mark follows it")
    func combiningMarksDoNotHideMarkup() throws {
        // `"` + U+0301 is one Swift Character that is not `"`: swift-mustache's own escaping let it through.
        let hostile = "\"\u{301} onmouseover=alert(1) x=\"<\u{301}script>&\u{301}'\u{301}"
        let escaped = HTMLText.escaped(hostile)
        #expect(!escaped.utf8.contains(UInt8(ascii: "\"")))
        #expect(!escaped.utf8.contains(UInt8(ascii: "<")))
        #expect(!escaped.utf8.contains(UInt8(ascii: "'")))
        #expect(escaped.hasPrefix("&quot;\u{301}"))
        // The library's own escaping of the same text (the reason for ours): it keeps the quote.
        let stock = try MustacheTemplate(string: "{{value}}").render(["value": hostile])
        #expect(stock.utf8.contains(UInt8(ascii: "\"")), "swift-mustache now escapes by bytes: HTMLText could go")
    }

    @Test("a template is refused unless it escapes by bytes")
    func templatesMustDeclareTheContentType() throws {
        #expect(throws: TemplateWithoutByteEscaping.self) { try HTMLText.template("<p>{{value}}</p>") }
        let template = try HTMLText.template("{{% CONTENT_TYPE: HTML_BYTES}}<a title=\"{{value}}\">{{value}}</a>")
        let rendered = template.render(["value": "\"\u{301}><img src=x onerror=alert(1)>"])
        #expect(
            rendered
                == "<a title=\"&quot;\u{301}&gt;&lt;img src=x onerror=alert(1)&gt;\">&quot;\u{301}&gt;&lt;img src=x onerror=alert(1)&gt;</a>"
        )
    }

    @Test("text that is not markup is kept byte for byte, Unicode-equivalent forms apart")
    func plainTextIsKept() {
        #expect(HTMLText.escaped("Jos\u{E9}") == "Jos\u{E9}")
        #expect(Array(HTMLText.escaped("Jose\u{301}").utf8) == Array("Jose\u{301}".utf8))
    }

    @Test("only http and https addresses, in any case, may become links")
    func webAddresses() {
        for address in ["https://example.org/a", "HTTP://example.org", "Https://x"] { #expect(HTMLText.isWebAddress(address)) }
        for address in [
            "javascript:alert(1)", "JAVASCRIPT:alert(1)", " https://x", "data:text/html,x", "httpx://x", "http:/x", "",
        ] {
            #expect(!HTMLText.isWebAddress(address), "\(address)")
        }
    }
}
