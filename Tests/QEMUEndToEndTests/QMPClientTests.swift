import DBus
import Foundation
import QEMUDBus
import Testing

/// QMPClient's failures before QEMU is involved: they name the socket and the reason.
struct QMPClientTests {
    @Test func aMissingSocketIsReportedWithItsPathAndReason() throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "no-such-dir-\(UUID())/qmp.sock").path
        let error = #expect(throws: QMPError.self) { _ = try QMPClient(socketPath: path) }
        #expect(error?.description.hasPrefix("QMP: cannot connect to \(path): ") == true)
        #expect(error?.description.contains("No such file or directory") == true)
    }

    @Test func aSocketThatNeverGreetsTimesOut() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "qmp-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "qmp.sock").path
        // Listening but never accepting: the connection is queued and nothing is ever sent.
        let listener = try SocketCalls.listenUnix(path: path, abstract: false)
        defer { close(listener) }
        let error = #expect(throws: QMPError.self) { _ = try QMPClient(socketPath: path, timeout: .milliseconds(100)) }
        #expect(error?.description.contains("QMP did not answer within") == true)
    }
}
