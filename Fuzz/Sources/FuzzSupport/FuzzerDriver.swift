import CFuzzer
import Foundation
import LandfallKit

/// Hands the process to libFuzzer, which calls `test` with each input and exits when done (or
/// with a crash report when an input crashes).
public func runFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

/// The input's bytes (libFuzzer passes no pointer for the empty input).
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The platform names the bundled catalog gives manifests, fixed so that no harness reads files.
public let fuzzVocabulary = ManifestVocabulary(sources: ["thread"], destinations: ["salesforce-service-cloud", "intercom"],
                                               pairs: ["thread": ["salesforce-service-cloud", "intercom"]])
