// swift-tools-version: 6.2
import PackageDescription

// Benchmarks for the DBus runtime, kept out of the main package so that building or testing it
// never fetches the benchmark tooling.
//   swift package --package-path Benchmarks benchmark            (ordo-one/benchmark)
//   swift run -c release --package-path Benchmarks wire-bench    (plain timing loop, ns per element)
let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "swift-dbus-generator", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The data and the D-Bus struct every wire benchmark uses, in their own module so the
        // runtime's generic code is specialised across modules, as it is for generated code.
        .target(
            name: "WireWorkloads",
            dependencies: [.product(name: "DBus", package: "swift-dbus-generator")],
            path: "Sources/WireWorkloads"
        ),
        .executableTarget(
            name: "WireBenchmarks",
            dependencies: [
                "WireWorkloads",
                .product(name: "DBus", package: "swift-dbus-generator"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WireBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "wire-bench",
            dependencies: ["WireWorkloads", .product(name: "DBus", package: "swift-dbus-generator")],
            path: "Sources/wire-bench"
        ),
        // End-to-end calls over a bus or peer to peer:
        //   swift run -c release --package-path Benchmarks dbus-bench MODE [ADDRESS] [READYFILE]
        .executableTarget(
            name: "dbus-bench",
            dependencies: ["WireWorkloads", .product(name: "DBus", package: "swift-dbus-generator")],
            path: "Sources/dbus-bench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
