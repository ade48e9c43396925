import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("survey reads a large file in parts: the same profile, manifest and findings as reading it whole")
struct SurveyPartsTests {
    private static let sample = Fixtures.repositoryRoot + "/../shared/samples/export-thread"

    /// A copy of the sample export whose messages.csv is `messages`.
    private func export(in folder: TemporaryFolder, messages: String) throws -> String {
        let target = folder.path + "/export"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.sample) where name != "messages.csv" {
            try FileManager.default.copyItem(atPath: Self.sample + "/" + name, toPath: target + "/" + name)
        }
        try Data(messages.utf8).write(to: URL(fileURLWithPath: target + "/messages.csv"))
        return target
    }

    /// 600 messages with quoted bodies over three lines, doubled quotes, commas and non-ASCII
    /// text; `row` may replace any row.
    private func messages(lineEnd: String = "\n", _ row: (Int, String) -> String = { $1 }) -> String {
        var text = "id,conversation_id,author_type,author_user_id,author_email,body,body_format,created_at,internal" + lineEnd
        for index in 0..<600 {
            let body = "\"Grüße from row \(index), São Paulo\n> quoted \"\"earlier\"\" reply, with a comma\nthe end\""
            text += row(index, "M-\(index),CV-\(index % 7),agent,u\(index % 5),,\(body),text,2024-03-0\(index % 9 + 1)T10:00:00Z,false") + lineEnd
        }
        return text
    }

    /// The survey of `folder` read in up to four parts of at least 2 KiB, and read whole.
    private func bothWays(_ folder: String) -> (parts: ExportSurvey.Outcome, whole: ExportSurvey.Outcome) {
        var survey = ExportSurvey(folder: folder, customer: "Sample MSP", destination: "salesforce-service-cloud", family: .salesforce,
                                  fieldMap: try! #require(Fixtures.catalog.pair(source: "thread", destination: "salesforce-service-cloud")).fieldMap, asOf: Fixtures.asOf)
        survey.partBytes = 2048
        survey.maxParts = 4
        let parts = survey.run()
        survey.maxParts = 1
        return (parts, survey.run())
    }

    private func profileJSON(_ outcome: ExportSurvey.Outcome) throws -> String {
        try JSONOutput.string(outcome.profile)
    }

    private func expectSame(_ parts: ExportSurvey.Outcome, _ whole: ExportSurvey.Outcome) throws {
        #expect(parts.status == whole.status)
        #expect(parts.manifest == whole.manifest)
        #expect(try profileJSON(parts) == profileJSON(whole))
        #expect(parts.diagnostics.map(\.description) == whole.diagnostics.map(\.description))
    }

    @Test("a clean file of multi-line quoted bodies is read in four parts and gives the same bytes as read whole, with LF and CRLF line ends")
    func clean() throws {
        for lineEnd in ["\n", "\r\n"] {
            let folder = TemporaryFolder()
            let (parts, whole) = bothWays(try export(in: folder, messages: messages(lineEnd: lineEnd)))
            #expect(parts.parts["messages.csv"] == 4)
            #expect(whole.parts["messages.csv"] == 1)
            #expect(parts.status == .ok)
            try expectSame(parts, whole)
            let profile = try #require(parts.profile.files.first { $0.file == "messages.csv" })
            #expect(profile.rows == 600)
            #expect(profile.columns.first { $0.column == "created_at" }?.values?.count == 9)
        }
    }

    @Test("findings in every part are listed in file order, five a column, the rest counted, as read whole")
    func findingsAcrossParts() throws {
        let folder = TemporaryFolder()
        let text = messages { index, row in
            index % 50 == 3 ? row.replacingOccurrences(of: ",CV-\(index % 7),", with: ",CV-404\(index),") : row
        }
        let (parts, whole) = bothWays(try export(in: folder, messages: text))
        #expect(parts.parts["messages.csv"] == 4)
        try expectSame(parts, whole)
        let listed = parts.diagnostics.filter { $0.message.contains("points to no row of conversations.csv") }
        #expect(listed.map(\.location.line) == [1 + 3 * 3 + 1, 1 + 53 * 3 + 1, 1 + 103 * 3 + 1, 1 + 153 * 3 + 1, 1 + 203 * 3 + 1])
        #expect(parts.diagnostics.contains { $0.message == "7 more findings in the column conversation_id are not listed" })
    }

    @Test("an id in two parts, a ragged row or a byte that is not UTF-8 in a later part: the file is read again whole, and the findings are the same")
    func brokenLaterParts() throws {
        let cases: [(String, (Int, String) -> String)] = [
            ("the id M-2 appears more than once in messages.csv", { index, row in index == 580 ? row.replacingOccurrences(of: "M-580,", with: "M-2,") : row }),
            ("this row has 10 fields but the header has 9", { index, row in index == 570 ? row + ",extra" : row }),
            ("is not valid UTF-8", { index, row in index == 590 ? row.replacingOccurrences(of: "Grüße", with: "Gr\u{FFFD}ße") : row }),
        ]
        for (message, edit) in cases {
            let folder = TemporaryFolder()
            var bytes = Array(messages(edit).utf8)
            if message == "is not valid UTF-8", let range = bytes.firstRange(of: Array("\u{FFFD}".utf8)) {
                bytes.replaceSubrange(range, with: [0xFF])
            }
            let path = try export(in: folder, messages: "")
            try Data(bytes).write(to: URL(fileURLWithPath: path + "/messages.csv"))
            let (parts, whole) = bothWays(path)
            #expect(parts.parts["messages.csv"] == 1, "\(message): read again whole")
            try expectSame(parts, whole)
            #expect(parts.diagnostics.contains { $0.message.hasPrefix(message) }, "\(message)")
        }
    }

    @Test("a cut lands on the first line start that reads as two records of the header's width: past a quoted line that looks like a row, at a record, or nowhere")
    func likelyStarts() throws {
        let folder = TemporaryFolder()
        let text = "id,body,n\r\n1,\"x\ny\",1\r\n2,\"a line\n3,inside,3\nthat looks like rows\",2\n4,plain,4\n5,\"last\",5"
        let path = folder.path + "/cut.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let bytes = Array(text.utf8)
        func offset(of row: String) -> Int { bytes.firstRange(of: Array(row.utf8))!.lowerBound }
        // From inside the first record, the next record; from inside the quoted body, past the
        // line that reads as one row only (the body's end follows it), to the record after.
        #expect(try CSVSplit.likelyRecordStart(in: path, atOrAfter: 12, fields: 3) == offset(of: "2,\"a line"))
        #expect(try CSVSplit.likelyRecordStart(in: path, atOrAfter: offset(of: "a line") , fields: 3) == offset(of: "4,plain"))
        #expect(try CSVSplit.likelyRecordStart(in: path, atOrAfter: offset(of: "4,plain"), fields: 3) == offset(of: "4,plain"))
        #expect(try CSVSplit.likelyRecordStart(in: path, atOrAfter: offset(of: "plain"), fields: 3) == offset(of: "5,\"last"))
        #expect(try CSVSplit.likelyRecordStart(in: path, atOrAfter: offset(of: "last"), fields: 3) == nil)
        #expect(try CSVSplit.likelyRecordStart(in: path, atOrAfter: 12, fields: 4) == nil, "no line reads as rows of another width")
        // A quoted field of 5,000 short lines: past the 256th line start, no cut is looked for.
        let long = "id,body\n1,\"" + String(repeating: "\"\"x\n", count: 5000) + "\"\n2,b\n3,c\n"
        let longPath = folder.path + "/long.csv"
        try Data(long.utf8).write(to: URL(fileURLWithPath: longPath))
        #expect(try CSVSplit.likelyRecordStart(in: longPath, atOrAfter: 20, fields: 2) == nil)
    }

    @Test("a quoted body whose lines read as two whole rows misleads the cut; the part before stops elsewhere and the file is read again whole, with the same findings")
    func misleadingBody() throws {
        let folder = TemporaryFolder()
        let fake = "M-900,CV-0,agent,u1,,fake,text,2024-03-01T10:00:00Z,false"
        let text = messages { _, row in row.replacingOccurrences(of: "\nthe end\"", with: "\n\(fake)\n\(fake)\nthe end\"") }
        let (parts, whole) = bothWays(try export(in: folder, messages: text))
        #expect(parts.parts["messages.csv"] == 1)
        try expectSame(parts, whole)
    }
}
