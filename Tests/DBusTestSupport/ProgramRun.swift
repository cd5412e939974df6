public import Foundation

/// What a program printed (stdout and stderr interleaved) and how it exited.
public struct ProgramOutput: Sendable {
    public var status: Int32
    public var output: String
}

/// Runs short-lived programs (swiftc, dbus-swift, python3 checkers) to completion.
///
/// The wait happens on a thread of its own: a test that blocked Swift's cooperative pool (two
/// threads on a two-core machine) would stall every connection test running beside it, whose
/// peers then time out waiting for replies.
public enum Program {
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: URL? = nil) async throws -> ProgramOutput {
        try await offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let environment { process.environment = environment }
            if let currentDirectory { process.currentDirectoryURL = currentDirectory }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return ProgramOutput(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
        }
    }
}
