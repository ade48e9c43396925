// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Landfall",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "landfall", targets: ["landfall"]),
        .executable(name: "landfall-bench", targets: ["landfall-bench"]),
        .library(name: "LandfallKit", targets: ["LandfallKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CPrefetch"),
        .target(name: "CCSVBlocks"),
        .target(
            name: "LandfallKit",
            dependencies: [
                "CLibXML2",
                "CPrefetch",
                "CCSVBlocks",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "landfall",
            dependencies: [
                "LandfallKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "landfall-bench",
            dependencies: ["LandfallKit"]
        ),
        .target(
            name: "LandfallTestSupport",
            dependencies: ["LandfallKit"],
            path: "Tests/LandfallTestSupport"
        ),
        .testTarget(
            name: "LandfallKitTests",
            dependencies: ["LandfallKit", "LandfallTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
