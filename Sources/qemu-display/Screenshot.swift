import ArgumentParser
import Foundation
import QEMUDBus

struct Screenshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Save a console's picture as a PNG file.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var console: ConsoleOption

    @Option(name: .shortAndLong, help: "The PNG file to write.")
    var output: String

    @Option(help: "Seconds to wait for QEMU's picture.")
    var timeout: Int = 10

    func run() async throws {
        let vm = try await connection.virtualMachine()
        let frame = try await vm.console(console.console).screenshot(timeout: .seconds(timeout))
        let png = try frame.png()
        do {
            try Data(png).write(to: URL(fileURLWithPath: output))
        } catch {
            throw ToolError("cannot write \(output): \(error.localizedDescription)")
        }
        print("\(output): \(frame.width)x\(frame.height) PNG, \(png.count) bytes")
    }
}
