import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("The client's documents speak to the client: no wording meant for whoever prepares the quote")
struct ClientWordingTests {
    /// Wording that marks text written for the pre-sales engineer, not the buyer: the inputs'
    /// own names (the manifest, a users file), the quote's mechanics, and the rules' paths.
    static let internalPhrases = ["manifest", "the quote says so", "matched by e-mail against northwind", "matched by e-mail against harbor",
                                  ".csv)", ".json)", "(timeline.", "(grading.", "(pricing.", "(load_plan.", "rules/", "Rules/"]

    @Test("the client renders of every sample's scope and comparison hold none of the phrases that mark internal text")
    func clientRenders() throws {
        let folder = TemporaryFolder()
        let demo = Fixtures.demo(into: folder.path + "/demo")
        #expect(demo.status == .ok)
        for slug in ["northwind", "harbor-pine"] {
            for name in ["scope.md", "scope.html", "compare.md", "compare.html"] {
                let text = try String(contentsOfFile: folder.path + "/demo/\(slug)/\(name)", encoding: .utf8)
                for phrase in Self.internalPhrases {
                    #expect(!text.localizedCaseInsensitiveContains(phrase), "\(slug)/\(name) holds \"\(phrase)\"")
                }
            }
        }
    }
}
