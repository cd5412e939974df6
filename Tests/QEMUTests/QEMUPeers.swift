import DBusTestSupport
import Foundation
import Testing

/// The Python reference peers in Peers/ (run with Debian's python3, which has PyGObject and
/// python3-dbus).
enum QEMUPeers {
    static let python = "/usr/bin/python3"

    static func path(_ name: String) throws -> String {
        guard let directory = Bundle.module.url(forResource: "Peers", withExtension: nil) else {
            throw HarnessError("test resources have no Peers folder")
        }
        return directory.appendingPathComponent(name).path
    }
}

/// Parent of every suite that starts QEMU. `.serialized` here runs them one at a time: their
/// tests block on processes and sockets, and several at once would tie up the cooperative
/// thread pool that the runtime's own connections (and other targets' async tests) need.
@Suite(.serialized, .tags(.interop, .qemu))
enum QEMUVirtualMachineTests {}
