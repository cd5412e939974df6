import ArgumentParser
import QEMUDBus

struct Info: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show each VM's name, UUID and consoles.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let vms = connection.vm == nil ? try await connection.virtualMachines() : [try await connection.virtualMachine()]
        for vm in vms {
            let info = try await vm.info()
            if let name = vm.destination { print("VM \(name)") } else { print("VM (peer-to-peer)") }
            print("  Name: \(info.name)")
            print("  UUID: \(info.uuid)")
            for id in info.consoleIDs {
                let console = vm.console(id).console
                let label = try await console.label
                let type = try await console.type
                let (width, height) = (try await console.width, try await console.height)
                print("  Console \(id): \(label) (\(type), \(width)x\(height))")
            }
        }
    }
}
