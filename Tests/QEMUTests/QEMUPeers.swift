import DBusTestSupport
import Foundation

/// The Python reference peers in Peers/ (run with Debian's python3, which has PyGObject and
/// python3-dbus).
enum QEMUPeers {
    static let python = "/usr/bin/python3"

    static func path(_ name: String) throws -> String {
        guard let directory = Bundle.module.url(forResource: "Peers", withExtension: nil) else {
            throw QEMUHarnessError("test resources have no Peers folder")
        }
        return directory.appendingPathComponent(name).path
    }
}
