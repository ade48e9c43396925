import FuzzSupport
@testable import LandfallKit

/// `run.json` files: read and checked; any finding is fine, a crash is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRun(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let input = try? InputFile(path: "run.json", contents: inputBytes(data, size)) else { return 0 }
    _ = RunDescription.read(input, vocabulary: fuzzVocabulary)
    return 0
}

@main
enum FuzzRun {
    static func main() { runFuzzer(fuzzRun) }
}
