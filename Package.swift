// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "swift-dbus-generator",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DBus", targets: ["DBus"]),
        .library(name: "DBusIntrospection", targets: ["DBusIntrospection"]),
        .library(name: "DBusGeneratorCore", targets: ["DBusGeneratorCore"]),
        .library(name: "DBusLint", targets: ["DBusLint"]),
        .executable(name: "dbus-swift", targets: ["dbus-swift"]),
        .library(name: "QEMUDBus", targets: ["QEMUDBus"]),
        .executable(name: "qemu-display", targets: ["qemu-display"]),
        .plugin(name: "DBusSwiftBuildPlugin", targets: ["DBusSwiftBuildPlugin"]),
        .plugin(name: "GenerateDBusCode", targets: ["GenerateDBusCode"]),
        .plugin(name: "DBusLintCommand", targets: ["DBusLintCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Runtime: wire format, names, signatures, connections. Depends on nothing but the toolchain.
        .target(name: "DBus", swiftSettings: swiftSettings),

        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // XML -> model. Uses the runtime's name and signature validators (no I/O).
        .target(name: "DBusIntrospection", dependencies: ["CLibXML2", "DBus"], swiftSettings: swiftSettings),
        .target(name: "DBusGeneratorCore", dependencies: ["DBusIntrospection"], swiftSettings: swiftSettings),
        .target(name: "DBusLint", dependencies: ["DBusIntrospection", "DBusGeneratorCore", "DBus"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "dbus-swift",
            dependencies: [
                "DBusIntrospection", "DBusGeneratorCore", "DBusLint", "DBus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // SwiftPM plugins: all run the dbus-swift tool (see Plugins/PluginsShared).
        .plugin(name: "DBusSwiftBuildPlugin", capability: .buildTool(), dependencies: ["dbus-swift"]),
        .plugin(
            name: "GenerateDBusCode",
            capability: .command(
                intent: .custom(verb: "generate-dbus-code", description: "Generate Swift from D-Bus interface XML into the package."),
                permissions: [.writeToPackageDirectory(reason: "To write generated Swift files into the targets' Generated/ folders.")]
            ),
            dependencies: ["dbus-swift"]
        ),
        .plugin(
            name: "DBusLintCommand",
            capability: .command(intent: .custom(verb: "dbus-lint", description: "Check D-Bus interface XML against the D-Bus API guidelines.")),
            dependencies: ["dbus-swift"]
        ),

        // QEMU's D-Bus display and VM state interfaces, generated from Interfaces/ at build time.
        .target(
            name: "QEMUDBus", dependencies: ["DBus"], exclude: ["dbus-swift.json"],
            swiftSettings: swiftSettings, plugins: ["DBusSwiftBuildPlugin"]
        ),
        .executableTarget(
            name: "qemu-display",
            dependencies: ["QEMUDBus", "DBus", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // Example: a dbus-vmstate helper that carries a file across migration.
        .executableTarget(name: "VMStateHelperExample", dependencies: ["QEMUDBus", "DBus"], path: "Examples/VMStateHelper", swiftSettings: swiftSettings),

        // Shared test harness: private dbus-daemon, peer processes, tags.
        .target(name: "DBusTestSupport", dependencies: ["DBus", "QEMUDBus"], path: "Tests/DBusTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "DBusTests", dependencies: ["DBus", "DBusTestSupport"], resources: [.copy("Data")], swiftSettings: swiftSettings),
        .testTarget(name: "DBusIntrospectionTests", dependencies: ["DBusIntrospection", "DBusTestSupport"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "DBusGeneratorCoreTests", dependencies: ["DBusGeneratorCore", "DBusTestSupport"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        // Generated proxy and skeleton (Generated/, refreshed by DBusGeneratorCoreTests) over real connections.
        .testTarget(name: "DBusGeneratorRoundTripTests", dependencies: ["DBus", "DBusTestSupport"], resources: [.copy("Peers")], swiftSettings: swiftSettings),
        .testTarget(name: "DBusLintTests", dependencies: ["DBusLint", "DBusTestSupport"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "DBusInteropTests", dependencies: ["DBus", "DBusTestSupport"], resources: [.copy("Peers")], swiftSettings: swiftSettings),
        .testTarget(name: "QEMUEndToEndTests", dependencies: ["QEMUDBus", "DBus", "DBusTestSupport"], swiftSettings: swiftSettings),
        // Builds a copy of Examples/HelloService with the plugins (slow: a clean build of the example).
        .testTarget(name: "PluginTests", dependencies: ["DBusTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "QEMUTests", dependencies: ["DBus", "QEMUDBus", "DBusTestSupport"], resources: [.copy("Peers"), .copy("Fixtures")], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
