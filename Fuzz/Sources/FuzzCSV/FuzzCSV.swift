import FuzzSupport
@testable import LandfallKit

/// CSV files: scanned whole, every column of every row read as text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let input = try? InputFile(path: "fuzz.csv", contents: inputBytes(data, size)),
          let scanner = try? CSVScanner(input: input)
    else { return 0 }
    var characters = 0
    try? scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields in
        for field in fields { characters += field.string.count }
    }
    return characters < 0 ? 1 : 0
}

@main
enum FuzzCSV {
    static func main() { runFuzzer(fuzzCSV) }
}
