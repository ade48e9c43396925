import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Markdown an admin can copy from: API names, paths and values in code spans, nothing escaped inside them")
struct CodeSpanTests {
    @Test("a code part is a code span that shows its text as it is: underscores, brackets and > untouched, a fence longer than any backtick run, a pipe kept out of the table")
    func spans() {
        #expect(MarkdownEscaping.escape((Markup.code("external_case_id__c")).description) == "`external_case_id__c`")
        #expect(MarkdownEscaping.escape(("the same as " + Markup.code("Setup > User Interface") + ": *done*").description) == "the same as `Setup > User Interface`: \\*done\\*")
        #expect(MarkdownEscaping.escape(Markup.code("a`b").description) == "``a`b``")
        #expect(MarkdownEscaping.escape(Markup.code("`x`").description) == "`` `x` ``")
        #expect(MarkdownEscaping.escape(Markup.code("printer|scanner").description) == "`printer\\|scanner`")
        #expect(MarkdownEscaping.escape(Markup.code("two\nlines").description) == "`two lines`")
        #expect(MarkdownEscaping.escape(Markup.code(["billing", "vip"]).description) == "`billing`, `vip`")
        #expect(Markup.code("").description.isEmpty)
        // HTML writes the same parts as <code>, their text escaped by Mustache first.
        #expect(Markup.html("a \u{E000}x &lt; y\u{E001} b") == "a <code>x &lt; y</code> b")
    }

    @Test("input cannot open or close a code part: the marks are taken out of every value that is not Markup")
    func inputCannotMark() throws {
        struct View { let value: String; let marked: Markup }
        let prepared = try #require(TemplateContext.prepared(View(value: "a\u{E000}_b_\u{E001}", marked: Markup.code("c"))) as? [String: Any])
        #expect(prepared["value"] as? String == "a_b_")
        #expect((prepared["marked"] as? Markup)?.description == "\u{E000}c\u{E001}")
        #expect(Markup.code("x\u{E001}y").description == "\u{E000}xy\u{E001}")
    }

    @Test("the demo's crosswalk.md holds every API name, DeveloperName and path as a code span an admin copies verbatim, and its HTML as <code>")
    func crosswalk() throws {
        let folder = TemporaryFolder()
        let demo = Fixtures.demo(into: folder.path + "/demo")
        #expect(demo.status == .ok)
        let markdown = try String(contentsOfFile: folder.path + "/demo/northwind/crosswalk.md", encoding: .utf8)
        for span in ["`external_case_id__c`", "`external_account_id__c`", "`case_tags__c`", "`Escalations_Tier_2`", "`Setup > User Interface`",
                     "`settings/Security.settings-meta.xml`", "`Thread_Response_Templates/Thanks_for_the_review`", "`printer\\|scanner`"] {
            #expect(markdown.contains(span), "\(span)")
        }
        #expect(!markdown.contains("\\_\\_c"))
        #expect(!markdown.contains("\\>"))
        let html = try String(contentsOfFile: folder.path + "/demo/northwind/crosswalk.html", encoding: .utf8)
        #expect(html.contains("<code>external_case_id__c</code>"))
        #expect(html.contains("<code>Setup &gt; User Interface</code>"))
        #expect(!html.contains("\u{E000}") && !html.contains("\u{E001}") && !markdown.contains("\u{E000}"))
    }
}
