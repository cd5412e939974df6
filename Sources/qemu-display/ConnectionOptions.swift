import ArgumentParser
import DBus
import QEMUDBus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to reach the VM; shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "D-Bus address of the bus QEMU is on (default: DBUS_SESSION_BUS_ADDRESS).")
    var address: String?

    @Option(help: ArgumentHelp("QEMU's QMP socket, for -display dbus,p2p=yes (no bus).", valueName: "unix:PATH"))
    var qmp: String?

    @Option(help: "Unique bus name of the VM when several QEMUs share the bus (see 'info').")
    var vm: String?

    func validate() throws {
        if address != nil && qmp != nil { throw ValidationError("use either --address or --qmp, not both") }
        if let qmp, !qmp.hasPrefix("unix:") { throw ValidationError("--qmp takes unix:PATH, e.g. unix:/tmp/qmp.sock") }
        if vm != nil && qmp != nil { throw ValidationError("--vm picks a VM on a bus; with --qmp there is exactly one") }
    }

    /// Every VM this invocation can see (one for --qmp).
    func virtualMachines() async throws -> [QEMUVirtualMachine] {
        if let qmp {
            return [try await QEMUVirtualMachine.peerToPeer(qmpSocketPath: String(qmp.dropFirst("unix:".count)))]
        }
        guard let address = address ?? getenv("DBUS_SESSION_BUS_ADDRESS").map({ String(cString: $0) }), !address.isEmpty else {
            throw ValidationError("no bus: DBUS_SESSION_BUS_ADDRESS is not set; pass --address or --qmp")
        }
        let connection = try await DBusConnection.connect(to: address)
        let vms = try await QEMUVirtualMachine.discover(on: connection)
        guard !vms.isEmpty else { throw ToolError("no QEMU owns org.qemu on \(address) (is it running with -display dbus?)") }
        return vms
    }

    /// The VM this invocation is about: --vm, or the current owner of org.qemu.
    func virtualMachine() async throws -> QEMUVirtualMachine {
        let vms = try await virtualMachines()
        guard let name = vm else { return vms[0] }
        guard let match = vms.first(where: { $0.destination?.description == name }) else {
            throw ToolError("no VM \(name); queued owners of org.qemu: \(vms.compactMap { $0.destination?.description }.joined(separator: ", "))")
        }
        return match
    }
}

/// The console to act on.
struct ConsoleOption: ParsableArguments {
    @Option(help: "Console id (see 'info').")
    var console: UInt32 = 0
}

/// A failure the tool reports as "Error: ..." with exit status 1 (no usage text: the arguments were fine).
struct ToolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
