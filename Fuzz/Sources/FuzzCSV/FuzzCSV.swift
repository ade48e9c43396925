import CCSVBlocks
import FuzzSupport
@testable import LandfallKit

/// CSV files: the UTF-8 check held to Swift's own, a cut looked for at every line, every id
/// found again once added; then scanned whole, every column of every row read as text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    bytes.withUnsafeBufferPointer { text in
        let valid = landfall_utf8_valid(text.baseAddress, text.count) != 0
        if valid != (String(validating: text, as: UTF8.self) != nil) { fatalError("the UTF-8 check disagrees with Swift's on \(bytes)") }
        for fields in 1...3 {
            if let start = CSVSplit.likelyRecordStart(in: text, fields: fields, atEnd: size % 2 == 0), start < 1 || start > text.count || text[start - 1] != 0x0A {
                fatalError("a cut at \(start) is not a line start")
            }
        }
    }
    guard let input = try? InputFile(path: "fuzz.csv", contents: inputBytes(data, size)),
          let scanner = try? CSVScanner(input: input)
    else { return 0 }
    var characters = 0
    let ids = IDSet()
    try? scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields in
        for field in fields {
            characters += field.string.count
            _ = ids.insert(field.bytes)
            if !ids.contains(field.bytes) { fatalError("the id \(field.string) is not found once added") }
        }
    }
    return characters < 0 ? 1 : 0
}

@main
enum FuzzCSV {
    static func main() { runFuzzer(fuzzCSV) }
}
