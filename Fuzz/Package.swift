// swift-tools-version:6.0
// libFuzzer targets for Landfall's readers. Built apart from the main package, with the fuzzer
// and address sanitizer: see README.md beside this file.
import Foundation
import PackageDescription

/// The main package, one folder up; SwiftPM names a path dependency after its folder, whatever
/// the clone is called.
let landfall = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let landfallKit = Target.Dependency.product(name: "LandfallKit", package: landfall.lastPathComponent)

let harnesses = ["FuzzManifest", "FuzzCSV", "FuzzRun"]

let package = Package(
    name: "LandfallFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer", landfallKit]),
    ] + harnesses.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport", landfallKit])
    }
)
