import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("The client's documents speak to the client: no wording meant for whoever prepares the quote")
struct ClientWordingTests {
    /// Wording that marks text written for the pre-sales engineer, not the buyer: the inputs'
    /// own names (the manifest, a users file), the quote's mechanics, and the rules' paths.
    static let internalPhrases = ["manifest", "the quote says so", "matched by e-mail against northwind", "matched by e-mail against harbor", "(timeline.", "(grading.", "(pricing.", "(load_plan.", "(load-plan.", "(terms.", "rules/", "Rules/",
                                  "isolated workspaces", "workspaces are isolated"]
    /// The users files' names: the crosswalk names the list of users it matched against for the
    /// admin who supplied it; the quote and the comparison have no use for them.
    static let usersFiles = ["northwind.csv", "harbor-pine.json"]
    /// The keys of the internal review's JSON that the client's must not carry: rule paths, the
    /// grades' points and rule-by-rule reasons, the file the people were matched against.
    static let internalKeys = ["rule", "drivers", "grade_points", "grades_reasons", "round_up_to", "file"].map { "\"\($0)\" :" }

    @Test("every document the client receives, in every format, holds none of the phrases that mark internal text")
    func clientRenders() throws {
        let folder = TemporaryFolder()
        let demo = Fixtures.demo(into: folder.path + "/demo")
        #expect(demo.status == .ok)
        var checked: [String] = []
        for slug in ["northwind", "harbor-pine"] {
            for document in ["scope", "compare", "crosswalk", "inventory"] {
                for format in ["md", "html", "json"] {
                    let name = "\(slug)/\(document).\(format)"
                    let text = try String(contentsOfFile: folder.path + "/demo/" + name, encoding: .utf8)
                    let phrases = Self.internalPhrases + (format == "json" ? Self.internalKeys : []) + (document == "crosswalk" ? [] : Self.usersFiles)
                    for phrase in phrases {
                        #expect(!text.localizedCaseInsensitiveContains(phrase), "\(name) holds \"\(phrase)\"")
                    }
                    checked.append(name)
                }
            }
        }
        // The field map the customer signs, from the survey.
        for name in ["survey/fieldmap.md", "survey/fieldmap.html"] {
            let text = try String(contentsOfFile: folder.path + "/demo/" + name, encoding: .utf8)
            for phrase in Self.internalPhrases + Self.usersFiles {
                #expect(!text.localizedCaseInsensitiveContains(phrase), "\(name) holds \"\(phrase)\"")
            }
            checked.append(name)
        }
        #expect(checked.count == 26)
    }

    @Test("the client's scope.json is its own document: the internal review's rules and points stay in scope-internal.json")
    func clientJSON() throws {
        let folder = TemporaryFolder()
        #expect(Fixtures.demo(into: folder.path + "/demo").status == .ok)
        let client = try String(contentsOfFile: folder.path + "/demo/northwind/scope.json", encoding: .utf8)
        let internalReview = try String(contentsOfFile: folder.path + "/demo/northwind/scope-internal.json", encoding: .utf8)
        #expect(client.contains("\"schema\" : \"landfall.scope/2\""))
        #expect(internalReview.contains("\"schema\" : \"landfall.scope-internal/1\""))
        #expect(internalReview.contains("\"rule\" : \"pricing.tiers[2]\""))
        // The client's price lines are the ones its render shows: the rounding inside the complexity line, and they add up.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(client.utf8)) as? [String: Any])
        let price = try #require(object["price"] as? [String: Any])
        let lines = try #require(price["lines"] as? [[String: Any]])
        #expect(lines.compactMap { $0["amount"] as? Int }.reduce(0, +) == price["total"] as? Int)
        #expect(lines.last?["description"] as? String == "Complexity factor 1.1 for overall grade C, on 9,130 (the total rounded up to a multiple of 50)")
    }
}
