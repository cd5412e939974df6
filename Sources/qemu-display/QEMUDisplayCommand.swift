import ArgumentParser

@main
struct QEMUDisplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qemu-display", abstract: "Inspect and drive a QEMU VM over its D-Bus display.")
}
