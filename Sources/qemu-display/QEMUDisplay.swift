import ArgumentParser

@main
struct QEMUDisplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qemu-display",
        abstract: "Inspect and drive a QEMU VM through its D-Bus display (-display dbus).",
        discussion: """
            By default the tool talks to the session bus (DBUS_SESSION_BUS_ADDRESS) and picks the \
            current owner of org.qemu. Use --address for another bus, or --qmp for a VM started with \
            -display dbus,p2p=yes and a QMP server socket (-qmp unix:PATH,server=on,wait=off).
            """,
        subcommands: [Info.self, Screenshot.self, TypeText.self, Key.self]
    )
}
