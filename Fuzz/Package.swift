// swift-tools-version:6.0
// libFuzzer targets for Landfall's readers. Built apart from the main package, with the fuzzer
// and address sanitizer: see README.md beside this file.
import PackageDescription

let harnesses = ["FuzzManifest", "FuzzCSV", "FuzzRun"]

let package = Package(
    name: "LandfallFuzz",
    dependencies: [.package(name: "main", path: "..")],
    targets: [
        .target(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer", .product(name: "LandfallKit", package: "main")]),
    ] + harnesses.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "LandfallKit", package: "main")])
    }
)
