import DBusTestSupport
import Foundation
import Testing
import DBus

/// GLib reads the messages the Swift runtime builds exactly as it reads its own.
@Suite struct GoldenMessageInteropTests {
    /// Runs Data/read-with-glib.py on `directory` and returns its output lines.
    static func readWithGLib(_ directory: URL) throws -> [String] {
        let script = GoldenMessageTests.directory.deletingLastPathComponent().appendingPathComponent("read-with-glib.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, directory.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "read-with-glib.py failed")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(.tags(.interop))
    func glibReadsSwiftBuiltMessagesLikeItsOwn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let glibDirectory = root.appendingPathComponent("glib")
        let swiftDirectory = root.appendingPathComponent("swift")
        try FileManager.default.createDirectory(at: glibDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: swiftDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        for row in GoldenMessageTests.rows {
            let golden = try GoldenMessageTests.blob(row)
            let fds = try TestFDs.make(count: Int(row["unix_fds"])!)
            let parsed = try Message.parse(bytes: golden, fds: fds)
            var built = Message(type: parsed.type, flags: parsed.flags)
            built.path = parsed.path
            built.interface = parsed.interface
            built.member = parsed.member
            built.errorName = parsed.errorName
            built.replySerial = parsed.replySerial
            built.destination = parsed.destination
            built.sender = parsed.sender
            built.setBody(try #require(GoldenMessageTests.expectedBody(row.name, endianness: row.endianness, fds: fds)))
            try Data(golden).write(to: glibDirectory.appendingPathComponent(row["file"]))
            try Data(try built.serialized(serial: parsed.serial)).write(to: swiftDirectory.appendingPathComponent(row["file"]))
        }

        let fromGLib = try Self.readWithGLib(glibDirectory)
        let fromSwift = try Self.readWithGLib(swiftDirectory)
        #expect(fromGLib.count == GoldenMessageTests.rows.count)
        #expect(!fromSwift.contains { $0.contains("REJECTED") })
        for (glibLine, swiftLine) in zip(fromGLib, fromSwift) {
            #expect(swiftLine == glibLine)
        }
    }
}
