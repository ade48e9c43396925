import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// The scanner reads a file in chunks and finds its separators block by block; records run across
/// chunk ends and blocks. Read in chunks of any size, a file gives the rows and the error (with
/// its line and column) it gives when read whole.
@Suite("The CSV scanner, in chunks of any size")
struct CSVScannerChunkTests {
    /// What reading a file gave: every row's line and fields, then the error, if any.
    static func read(_ scanner: () throws(InputFailure) -> CSVScanner) -> [String] {
        var rows: [String] = []
        do throws(InputFailure) {
            let scanner = try scanner()
            rows.append("header " + scanner.header.joined(separator: "|"))
            try scanner.forEachRow(columns: Array(scanner.header.indices)) { line, fields in
                rows.append("\(line): " + fields.map { $0.string }.joined(separator: "|"))
            }
        } catch {
            rows.append("error " + error.diagnostic.description)
        }
        return rows
    }

    /// A CSV text of `rows` rows: quoted and unquoted fields, doubled quotes, commas and line
    /// feeds inside quotes, CR LF and LF line ends, blank lines, non-ASCII text, long fields.
    /// With `fault`, row `faultRow` holds it in place of its second field (a quote never closed,
    /// in place of its last).
    static func text(rows: Int, seed: UInt64, fault: String? = nil, faultRow: Int = -1) -> String {
        var random = SeededRandom(seed: seed)
        let pieces = ["a", "bc", "Zürich", "日本", " ", "x,y", "say \"\"hi\"\"", "line\none", "line\r\ntwo", String(repeating: "long ", count: 30)]
        var text = "id,subject,body\n"
        for row in 0..<rows {
            var fields = ["T-\(row)"]
            for _ in 0..<2 {
                let piece = pieces[random.below(pieces.count)]
                let needsQuotes = piece.contains(",") || piece.contains("\"") || piece.contains("\n")
                fields.append(needsQuotes || random.below(3) == 0 ? "\"\(piece)\"" : piece)
            }
            if row == faultRow, let fault { fields[fault.hasPrefix("\"open") ? 2 : 1] = fault }
            text += fields.joined(separator: ",") + (random.below(4) == 0 ? "\r\n" : "\n")
            if random.below(25) == 0 { text += "\n" }
        }
        return text
    }

    @Test("well-formed text gives the same rows, lines and fields in chunks of 1 to 4,096 bytes")
    func wellFormed() throws {
        let folder = TemporaryFolder()
        let text = Self.text(rows: 400, seed: 7)
        let path = folder.write("t.csv", text)
        let whole = Self.read { () throws(InputFailure) in try CSVScanner(input: InputFile(path: path, contents: Array(text.utf8))) }
        #expect(whole.count == 401)
        #expect(whole.last?.hasPrefix("error") == false)
        for chunk in [1, 2, 63, 64, 65, 127, 200, 1000, 4096] {
            #expect(Self.read { () throws(InputFailure) in try CSVScanner(path: path, chunkSize: chunk) } == whole, "chunk of \(chunk) bytes")
        }
    }

    @Test("a fault anywhere is reported at the same line and column in chunks of any size", arguments: [
        ("x\"", "a quote inside an unquoted field"),
        ("\"x\"y", "text after a closing quote"),
        ("\"x\"\ry", "text after a closing quote"),
        ("\"open", "is never closed"),
        ("one,two", "this row has 4 fields"),
    ])
    func faults(fault: String, message: String) throws {
        let folder = TemporaryFolder()
        var checked = 0
        for row in [0, 3, 40, 119] {
            // A quote never closed runs to the end of the text: it goes on the last row.
            let text = Self.text(rows: 120, seed: 11, fault: fault, faultRow: fault.hasPrefix("\"open") ? 119 : row)
            let path = folder.write("t\(row).csv", text)
            let whole = Self.read { () throws(InputFailure) in try CSVScanner(input: InputFile(path: path, contents: Array(text.utf8))) }
            #expect(whole.last?.contains(message) == true, "\(whole.last ?? "")")
            checked += 1
            for chunk in [1, 64, 65, 300, 4096] {
                #expect(Self.read { () throws(InputFailure) in try CSVScanner(path: path, chunkSize: chunk) } == whole, "chunk of \(chunk) bytes")
            }
        }
        #expect(checked == 4)
    }

    /// RFC 4180 read byte by byte, the plain way: the rows of a well-formed text (a line end may
    /// be CR LF; blank lines after the header skipped), or `nil` for a quote out of place or never
    /// closed.
    static func reference(_ text: [UInt8]) -> [[String]]? {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var lineHadQuote = false
        func emit(strippingCarriageReturn: Bool) {
            if strippingCarriageReturn && field.last == 0x0D { field.removeLast() }
            row.append(String(decoding: field, as: UTF8.self))
            field = []
        }
        func endRow() {
            let blank = !lineHadQuote && row == [""]
            if rows.isEmpty || !blank { rows.append(row) }
            row = []
            lineHadQuote = false
        }
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            switch state {
            case .fieldStart, .unquoted:
                if byte == UInt8(ascii: "\"") {
                    guard state == .fieldStart else { return nil }
                    state = .quoted
                    lineHadQuote = true
                } else if byte == UInt8(ascii: ",") {
                    emit(strippingCarriageReturn: false)
                    state = .fieldStart
                } else if byte == 0x0A {
                    emit(strippingCarriageReturn: true)
                    endRow()
                    state = .fieldStart
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") { state = .quoteInQuoted } else { field.append(byte) }
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    field.append(byte)
                    state = .quoted
                } else if byte == UInt8(ascii: ",") {
                    emit(strippingCarriageReturn: false)
                    state = .fieldStart
                } else if byte == 0x0A || (byte == 0x0D && (index == text.count || text[index] == 0x0A)) {
                    if byte == 0x0D && index < text.count { index += 1 }
                    emit(strippingCarriageReturn: false)
                    endRow()
                    state = .fieldStart
                } else {
                    return nil
                }
            }
        }
        switch state {
        case .quoted: return nil
        case .quoteInQuoted, .unquoted:
            emit(strippingCarriageReturn: state == .unquoted)
            endRow()
        case .fieldStart:
            if !row.isEmpty {
                emit(strippingCarriageReturn: false)
                endRow()
            }
        }
        return rows
    }

    @Test("random texts read as a plain RFC 4180 reader reads them: the same rows, or both refuse")
    func againstReference() throws {
        let folder = TemporaryFolder()
        var random = SeededRandom(seed: 2026)
        let alphabet: [UInt8] = Array("ab,\"\n\r x".utf8)
        var compared = 0
        for round in 0..<2000 {
            let length = random.below(60)
            let bytes = [UInt8]("h1,h2\n".utf8) + (0..<length).map { _ in alphabet[random.below(alphabet.count)] }
            let path = folder.write("r\(round).csv", Data(bytes))
            var rows: [[String]]? = nil
            do {
                let scanner = try CSVScanner(path: path, chunkSize: 1 + random.below(80))
                var read = [scanner.header]
                try scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields in read.append(fields.map(\.string)) }
                rows = read
            } catch {}
            guard let expected = Self.reference(bytes) else {
                #expect(rows == nil, "accepted \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                continue
            }
            // A row whose field count differs from the header's is refused by the scanner alone.
            guard expected.allSatisfy({ $0.count == 2 }) else { continue }
            #expect(rows == expected, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            compared += 1
        }
        #expect(compared > 50)
    }
}
