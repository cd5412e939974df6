import DBusTestSupport
import Foundation
import QEMUDBus
import Testing

extension QEMUVirtualMachineTests {
    /// dbus-vmstate with org.qemu.VMState1 helper peers: migration to a file and back, and the
    /// ways it fails.
    @Suite
    struct QEMUVMStateTests {
        @Test func vmstateHelpersRoundTripThroughMigrationFile() throws {
            let bus = try PrivateBus()
            let helper = try QEMUPeers.path("qemu_vmstate_helper.py")
            let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
            defer { try? FileManager.default.removeItem(atPath: file) }
            var options = QEMUProcess.Options(display: .none)
            options.vga = nil
            options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]

            // Source side: two helpers with state, migrate to a file.
            do {
                let alpha = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "alpha", "--state", "alpha state"], keepInputOpen: true)
                let beta = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "beta", "--state", "beta state"], keepInputOpen: true)
                defer { alpha.stop(); beta.stop() }
                _ = try alpha.waitForJSONEvent("Ready")
                _ = try beta.waitForJSONEvent("Ready")

                let source = try QEMUProcess(options)
                defer { source.stop() }
                try source.monitor.migrate(to: "exec:cat > \(file)")
                // The MIGRATION "completed" event comes before the run state leaves finish-migrate.
                let status = try source.monitor.status()
                #expect(["finish-migrate", "postmigrate"].contains(status), "status \(status)")
                _ = try alpha.waitForJSONEvent("Save")
                _ = try beta.waitForJSONEvent("Save")
            }

            // Destination side: fresh helpers (started in the other order) get their own state back.
            let beta = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "beta"], keepInputOpen: true)
            let alpha = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "alpha"], keepInputOpen: true)
            defer { alpha.stop(); beta.stop() }
            _ = try beta.waitForJSONEvent("Ready")
            _ = try alpha.waitForJSONEvent("Ready")
            options.extraArguments += ["-incoming", "exec:cat \(file)"]
            let destination = try QEMUProcess(options)
            defer { destination.stop() }
            #expect(try alpha.waitForJSONEvent("Load")["data"] as? String == "alpha state")
            #expect(try beta.waitForJSONEvent("Load")["data"] as? String == "beta state")
        }

        @Test func vmstateSkipsHelperWithoutPropertiesInterface() throws {
            let bus = try PrivateBus()
            let helper = try QEMUPeers.path("qemu_vmstate_helper_libdbus.py")
            let withProperties = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "gamma", "--state", "g"], keepInputOpen: true)
            let withoutProperties = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "delta", "--no-properties"], keepInputOpen: true)
            defer { withProperties.stop(); withoutProperties.stop() }
            _ = try withProperties.waitForJSONEvent("Ready")
            _ = try withoutProperties.waitForJSONEvent("Ready")

            var options = QEMUProcess.Options(display: .none)
            options.vga = nil
            options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
            defer { try? FileManager.default.removeItem(atPath: file) }
            try qemu.monitor.migrate(to: "exec:cat > \(file)")

            // QEMU reads Id with Properties.GetAll, then saves only the helper that answered it.
            #expect(try withProperties.waitForJSONEvent("GetAll")["interface"] as? String == "org.qemu.VMState1")
            _ = try withProperties.waitForJSONEvent("Save")
            #expect(qemu.standardErrorText.contains("VMState Id property is missing"))
            withoutProperties.closeInput()
            var later: [String] = []
            while let line = try withoutProperties.readLine() { later.append(line) }
            #expect(!later.contains { $0.contains("\"Save\"") }, "\(later)")
        }

        @Test func vmstateMigrationFailsWhenAListedHelperIsMissing() throws {
            let bus = try PrivateBus()
            var options = QEMUProcess.Options(display: .none)
            options.vga = nil
            let address = bus.address.replacingOccurrences(of: ",", with: ",,")
            options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=\(address),id-list=alpha"]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
            defer { try? FileManager.default.removeItem(atPath: file) }
            let error = #expect(throws: QMPError.self) { try qemu.monitor.migrate(to: "exec:cat > \(file)") }
            #expect(error?.description.contains("ended with status failed") == true, "\(String(describing: error))")
            // QEMU stopped the VM for the final pass; after the failed pre-save it resumes it.
            try qemu.monitor.waitForEvent("RESUME")
            #expect(try qemu.monitor.status() == "running")
            #expect(qemu.standardErrorText.contains("Required VMState Id are missing: alpha"))
        }

        @Test func incomingMigrationStopsQEMUWhenAHelperRefusesLoad() throws {
            let bus = try PrivateBus()
            let helper = try QEMUPeers.path("qemu_vmstate_helper.py")
            let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
            defer { try? FileManager.default.removeItem(atPath: file) }
            var options = QEMUProcess.Options(display: .none)
            options.vga = nil
            options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]

            let saving = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "alpha", "--state", "s"], keepInputOpen: true)
            _ = try saving.waitForJSONEvent("Ready")
            do {
                let source = try QEMUProcess(options)
                defer { source.stop() }
                try source.monitor.migrate(to: "exec:cat > \(file)")
            }
            saving.stop()

            let refusing = try PeerProcess(QEMUPeers.python, [helper, "--address", bus.address, "--id", "alpha", "--fail-load"], keepInputOpen: true)
            defer { refusing.stop() }
            _ = try refusing.waitForJSONEvent("Ready")
            options.extraArguments += ["-incoming", "exec:cat \(file)"]
            let destination = try QEMUProcess(options)
            defer { destination.stop() }
            #expect(try refusing.waitForJSONEvent("Load")["data"] as? String == "s")
            #expect(try destination.waitForExit() != 0)
            #expect(destination.standardErrorText.contains("Failed to restore Id 'alpha'"))
        }
    }
}

extension QEMUVirtualMachineTests {
    /// A VMState1 helper written in Swift on the runtime's `Message` migrates its state together
    /// with the VM, next to a Python helper.
    @Suite
    struct QEMUSwiftVMStateHelperTests {
        @Test func swiftHelperStateRoundTripsThroughMigrationFile() throws {
            let bus = try PrivateBus()
            let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
            defer { try? FileManager.default.removeItem(atPath: file) }
            var options = QEMUProcess.Options(display: .none)
            options.vga = nil
            options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]
            let python = try QEMUPeers.path("qemu_vmstate_helper.py")

            do {
                let swiftHelper = QEMUVMStateHelper(busAddress: bus.address, id: "swift", state: Array("state from Swift".utf8))
                _ = try swiftHelper.waitFor("Ready")
                let pythonHelper = try PeerProcess(QEMUPeers.python, [python, "--address", bus.address, "--id", "py", "--state", "py state"], keepInputOpen: true)
                defer { pythonHelper.stop() }
                _ = try pythonHelper.waitForJSONEvent("Ready")

                let source = try QEMUProcess(options)
                defer { source.stop() }
                try source.monitor.migrate(to: "exec:cat > \(file)")
                _ = try swiftHelper.waitFor("GetAll")
                _ = try swiftHelper.waitFor("Save")
                _ = try pythonHelper.waitForJSONEvent("Save")
            }

            let swiftHelper = QEMUVMStateHelper(busAddress: bus.address, id: "swift", state: [])
            _ = try swiftHelper.waitFor("Ready")
            let pythonHelper = try PeerProcess(QEMUPeers.python, [python, "--address", bus.address, "--id", "py"], keepInputOpen: true)
            defer { pythonHelper.stop() }
            _ = try pythonHelper.waitForJSONEvent("Ready")
            options.extraArguments += ["-incoming", "exec:cat \(file)"]
            let destination = try QEMUProcess(options)
            defer { destination.stop() }
            #expect(String(decoding: try swiftHelper.waitFor("Load").data, as: UTF8.self) == "state from Swift")
            #expect(try pythonHelper.waitForJSONEvent("Load")["data"] as? String == "py state")
        }
    }
}
