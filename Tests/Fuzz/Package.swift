// swift-tools-version: 6.2
// libFuzzer targets for the decoders of the main package. Build and run with ./run.sh SECONDS.
import PackageDescription

let package = Package(
    name: "Fuzz",
    dependencies: [
        .package(name: "swift-dbus-generator", path: "../.."),
    ],
    targets: [
        // Starts libFuzzer from each fuzzer's @main (not named Fuzz*: run.sh would run it).
        .target(name: "LibFuzzerDriver"),
        // One executable per fuzzer, named Fuzz<What>; run.sh runs every Sources/Fuzz* directory.
        .executableTarget(
            name: "FuzzIntrospectionParser",
            dependencies: ["LibFuzzerDriver", .product(name: "DBusIntrospection", package: "swift-dbus-generator")]
        ),
        .executableTarget(
            name: "FuzzMessageDecoder",
            dependencies: ["LibFuzzerDriver", .product(name: "DBus", package: "swift-dbus-generator")]
        ),
        .executableTarget(
            name: "FuzzSASL",
            dependencies: ["LibFuzzerDriver", .product(name: "DBus", package: "swift-dbus-generator")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
