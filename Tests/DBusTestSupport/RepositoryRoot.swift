public import Foundation

/// The checkout's root directory, found from this file's own path
/// (`<root>/Tests/DBusTestSupport/RepositoryRoot.swift`), for tests that use files outside the
/// test targets' resources (build scripts, Benchmarks/).
public enum RepositoryRoot {
    public static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DBusTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    public static var path: String { url.path }
}
