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
        #expect(error?.description.contains("QMP did not answer in time: waited for the QMP greeting") == true)
    }
}

/// QMPClient's protocol handling against a scripted peer on a socket pair. QEMU itself is the peer
/// in the QEMU suites; here the peer's lines are written up front (the socket buffers them), so
/// orderings QEMU produces only by chance, such as events arriving before a reply, are certain.
struct QMPClientScriptTests {
    /// A socket pair whose far end has already "sent" `lines`; `requests()` reads what the client sent.
    final class ScriptedPeer {
        let clientEnd: Int32
        let peerEnd: Int32

        init(_ lines: [String]) throws {
            (clientEnd, peerEnd) = try SocketCalls.socketPair()
            let greeting = #"{"QMP": {"version": {"qemu": {"major": 9, "minor": 2, "micro": 0}}, "capabilities": []}}"#
            try SocketCalls.sendAll(peerEnd, Array(([greeting, #"{"return": {}}"#] + lines).map { $0 + "\n" }.joined().utf8))
        }

        deinit { close(peerEnd) }

        /// The commands the client sent so far, in order.
        func requests() -> [String] {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(peerEnd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard count > 0 else { break }
                bytes += chunk[..<count]
            }
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
                let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
                return object?["execute"] as? String ?? "?"
            }
        }
    }

    @Test func eventsBeforeAReplyAreKeptForWaitForEvent() throws {
        let peer = try ScriptedPeer([
            #"{"event": "STOP", "data": {}, "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            #"{"event": "RESUME", "data": {}, "timestamp": {"seconds": 2, "microseconds": 0}}"#,
            #"{"return": {"status": "running", "running": true}}"#,
        ])
        let client = try QMPClient(socket: peer.clientEnd, timeout: .seconds(5))
        #expect(try client.status() == "running")
        #expect(client.events.map { $0["event"] as? String } == ["STOP", "RESUME"])
        // Found without reading: the peer sends nothing more, so a read would time out.
        let resume = try client.waitForEvent("RESUME", timeout: .milliseconds(50))
        #expect(resume["event"] as? String == "RESUME")
        #expect(client.events.isEmpty, "STOP, received before RESUME, is consumed with it")
        #expect(peer.requests() == ["qmp_capabilities", "query-status"])
    }

    @Test func aFailedMigrationThrowsQEMUsReason() throws {
        let peer = try ScriptedPeer([
            #"{"return": {}}"#,
            #"{"return": {}}"#,
            #"{"event": "MIGRATION", "data": {"status": "setup"}}"#,
            #"{"event": "MIGRATION", "data": {"status": "failed"}}"#,
            #"{"return": {"status": "failed", "error-desc": "helper refused to save"}}"#,
        ])
        let client = try QMPClient(socket: peer.clientEnd, timeout: .seconds(5))
        let error = #expect(throws: QMPError.self) { try client.migrate(to: "exec:cat > /dev/null") }
        #expect(error?.description == "migration to 'exec:cat > /dev/null' ended with status failed: helper refused to save")
        #expect(peer.requests() == ["qmp_capabilities", "migrate-set-capabilities", "migrate", "query-migrate"])
    }

    @Test func anErrorReplyNamesTheCommandClassAndText() throws {
        let peer = try ScriptedPeer([#"{"error": {"class": "CommandNotFound", "desc": "The command frobnicate has not been found"}}"#])
        let client = try QMPClient(socket: peer.clientEnd, timeout: .seconds(5))
        let error = #expect(throws: QMPError.self) { try client.execute("frobnicate") }
        #expect(error?.description == "QEMU refused frobnicate (CommandNotFound): The command frobnicate has not been found")
    }

    @Test func aPeerThatHangsUpOrSendsGarbageGivesAnError() throws {
        let closing = try ScriptedPeer([])
        let client = try QMPClient(socket: closing.clientEnd, timeout: .seconds(5))
        shutdown(closing.peerEnd, Int32(SHUT_WR))
        let hangUp = #expect(throws: QMPError.self) { try client.status() }
        #expect(hangUp?.description == "QEMU closed the QMP connection while we waited for the reply to query-status")

        let garbage = try ScriptedPeer(["<html>"])
        let confused = try QMPClient(socket: garbage.clientEnd, timeout: .seconds(5))
        let error = #expect(throws: QMPError.self) { try confused.status() }
        #expect(error?.description == "QMP sent a line that is not a JSON object: <html>")
    }

    @Test func aWaitForAnEventThatNeverComesTimesOut() throws {
        let peer = try ScriptedPeer([#"{"event": "STOP", "data": {}}"#])
        let client = try QMPClient(socket: peer.clientEnd, timeout: .seconds(5))
        let error = #expect(throws: QMPError.self) { try client.waitForEvent("RESUME", timeout: .milliseconds(100)) }
        #expect(error?.description == "QMP did not answer in time: waited for the event RESUME")
        #expect(client.events.isEmpty, "the STOP event was looked at and consumed")
    }
}
