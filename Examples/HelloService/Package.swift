// swift-tools-version: 6.2
import PackageDescription

// A service and its client in one executable, with the D-Bus API generated at build time from
// Sources/HelloService/org.example.Hello1.xml by the DBusSwiftBuildPlugin.
let package = Package(
    name: "HelloService",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "swift-dbus-generator", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "HelloService",
            dependencies: [.product(name: "DBus", package: "swift-dbus-generator")],
            plugins: [.plugin(name: "DBusSwiftBuildPlugin", package: "swift-dbus-generator")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
