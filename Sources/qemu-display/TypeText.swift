import ArgumentParser
import QEMUDBus

struct TypeText: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "type",
        abstract: "Type text into a console as key presses (US keyboard layout; a newline is Enter).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var console: ConsoleOption

    @Argument(help: "The text to type.")
    var text: String

    func validate() throws {
        if let bad = text.first(where: { QEMUKeyCode.usLayout($0) == nil }) {
            throw ValidationError("no key types \(String(reflecting: String(bad))) on a US keyboard layout")
        }
    }

    func run() async throws {
        let vm = try await connection.virtualMachine()
        try await vm.console(console.console).type(text)
    }
}
