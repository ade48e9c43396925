import FuzzSupport
@testable import LandfallKit

/// Manifests: the first byte picks the form (JSON, YAML, XML), the rest is the file. It is read
/// into a tree and decoded as a manifest; any finding is fine, a crash is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let form = bytes.first else { return 0 }
    let name = ["fuzz.json", "fuzz.yaml", "fuzz.xml"][Int(form) % 3]
    guard let input = try? InputFile(path: name, contents: Array(bytes.dropFirst())) else { return 0 }
    _ = ManifestReader(vocabulary: fuzzVocabulary).read(input)
    return 0
}

@main
enum FuzzManifest {
    static func main() { runFuzzer(fuzzManifest) }
}
