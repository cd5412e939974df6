import DBusTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// End-to-end checks of the QEMU harness and of the flows the Swift client will implement,
/// driven by the Python reference peers in Peers/ against a real QEMU on a private bus.
@Suite(.serialized, .tags(.interop, .qemu))
struct QEMUHarnessTests {
    static func peer(_ name: String) throws -> String {
        guard let directory = Bundle.module.url(forResource: "Peers", withExtension: nil) else {
            throw QEMUHarnessError("test resources have no Peers folder")
        }
        return directory.appendingPathComponent(name).path
    }

    static let python = "/usr/bin/python3"

    @Test func qemuOwnsOrgQemuAndExportsDisplayObjectsOnPrivateBus() throws {
        let bus = try QEMUTestBus()
        let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
        defer { qemu.stop() }

        #expect(try qemu.monitor.status() == "running")
        let managed = try QEMUChildProcess.run("gdbus", [
            "call", "--address", bus.address, "--dest", "org.qemu", "--object-path", "/org/qemu/Display1",
            "--method", "org.freedesktop.DBus.ObjectManager.GetManagedObjects",
        ])
        #expect(managed.status == 0)
        for path in ["/org/qemu/Display1/VM", "/org/qemu/Display1/Console_0", "/org/qemu/Display1/Clipboard"] {
            #expect(managed.output.contains("'\(path)'"), "GetManagedObjects lacks \(path): \(managed.output)")
        }
        #expect(managed.output.contains("'Type': <'Graphic'>"))
        #expect(managed.output.contains("'ConsoleIDs': <[uint32 0]>"))
    }

    @Test func pythonListenerReceivesScanoutOverSocketPair() throws {
        let bus = try QEMUTestBus()
        let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
        defer { qemu.stop() }
        let png = NSTemporaryDirectory() + "qemu-scanout-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: png) }

        let listener = try QEMUChildProcess(Self.python, [
            try Self.peer("qemu_display_listener.py"), "--address", bus.address, "--png", png, "--timeout", "30",
        ])
        defer { listener.stop() }
        let getAll = try listener.waitForJSONEvent("GetProperty")
        #expect(getAll["name"] as? String == "Interfaces")
        let done = try listener.waitForJSONEvent("Done", timeout: .seconds(40))

        // Before SeaBIOS switches to text mode QEMU shows its 640x480 placeholder; after, 720x400.
        let width = done["width"] as? Int ?? 0
        let height = done["height"] as? Int ?? 0
        #expect([[640, 480], [720, 400]].contains([width, height]))
        #expect(done["stride"] as? Int == width * 4)
        #expect(done["pixman_format"] as? String == "0x20020888")

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let pngWidth = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let pngHeight = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(pngWidth == width)
        #expect(pngHeight == height)
    }

    @Test func peerToPeerClientReachesObjectsThroughQMPAddClient() throws {
        let qemu = try QEMUProcess({
            var options = QEMUProcess.Options(display: .peerToPeer)
            options.name = "p2p-check"
            return options
        }())
        defer { qemu.stop() }

        let socket = try qemu.monitor.addDisplayClient()
        defer { close(socket) }
        let client = try QEMUChildProcess(
            Self.python, [try Self.peer("qemu_p2p_client.py"), "--stdin-socket"], standardInputDescriptor: socket)
        defer { client.stop() }
        let result = try client.readJSON()
        #expect(result["name"] as? String == "p2p-check")
        let objects = result["objects"] as? [String] ?? []
        #expect(objects == ["/org/qemu/Display1/Clipboard", "/org/qemu/Display1/Console_0", "/org/qemu/Display1/VM"])
    }

    @Test func listenerRegistersOverPeerToPeerConnection() throws {
        let qemu = try QEMUProcess(.init(display: .peerToPeer))
        defer { qemu.stop() }
        let socket = try qemu.monitor.addDisplayClient()
        defer { close(socket) }
        // The listener's own socket pair is passed over the add_client connection, so two
        // peer-to-peer connections are stacked: QEMU is the authentication server on both.
        let listener = try QEMUChildProcess(
            Self.python, [try Self.peer("qemu_display_listener.py"), "--stdin-socket", "--timeout", "30"],
            standardInputDescriptor: socket)
        defer { listener.stop() }
        let done = try listener.waitForJSONEvent("Done", timeout: .seconds(40))
        #expect(done["getall"] as? Bool == true)
        #expect(done["pixman_format"] as? String == "0x20020888")
        #expect((done["width"] as? Int ?? 0) > 0)
    }

    @Test func addClientIsRefusedInBusMode() throws {
        let bus = try QEMUTestBus()
        let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
        defer { qemu.stop() }
        #expect(throws: QEMUHarnessError.self) { _ = try qemu.monitor.addDisplayClient() }
    }

    @Test func vmstateHelpersRoundTripThroughMigrationFile() throws {
        let bus = try QEMUTestBus()
        let helper = try Self.peer("qemu_vmstate_helper.py")
        let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var options = QEMUProcess.Options(display: .none)
        options.vga = nil
        options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]

        // Source side: two helpers with state, migrate to a file.
        do {
            let alpha = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "alpha", "--state", "alpha state"], keepInputOpen: true)
            let beta = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "beta", "--state", "beta state"], keepInputOpen: true)
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
        let beta = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "beta"], keepInputOpen: true)
        let alpha = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "alpha"], keepInputOpen: true)
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
        let bus = try QEMUTestBus()
        let helper = try Self.peer("qemu_vmstate_helper_libdbus.py")
        let withProperties = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "gamma", "--state", "g"], keepInputOpen: true)
        let withoutProperties = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "delta", "--no-properties"], keepInputOpen: true)
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
        let bus = try QEMUTestBus()
        var options = QEMUProcess.Options(display: .none)
        options.vga = nil
        let address = bus.address.replacingOccurrences(of: ",", with: ",,")
        options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=\(address),id-list=alpha"]
        let qemu = try QEMUProcess(options)
        defer { qemu.stop() }
        let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: QEMUHarnessError.self) { try qemu.monitor.migrate(to: "exec:cat > \(file)") }
        // QEMU stopped the VM for the final pass; after the failed pre-save it resumes it.
        try qemu.monitor.waitForEvent("RESUME")
        #expect(try qemu.monitor.status() == "running")
        #expect(qemu.standardErrorText.contains("Required VMState Id are missing: alpha"))
    }

    @Test func incomingMigrationStopsQEMUWhenAHelperRefusesLoad() throws {
        let bus = try QEMUTestBus()
        let helper = try Self.peer("qemu_vmstate_helper.py")
        let file = NSTemporaryDirectory() + "qemu-migration-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var options = QEMUProcess.Options(display: .none)
        options.vga = nil
        options.extraArguments = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]

        let saving = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "alpha", "--state", "s"], keepInputOpen: true)
        _ = try saving.waitForJSONEvent("Ready")
        do {
            let source = try QEMUProcess(options)
            defer { source.stop() }
            try source.monitor.migrate(to: "exec:cat > \(file)")
        }
        saving.stop()

        let refusing = try QEMUChildProcess(Self.python, [helper, "--address", bus.address, "--id", "alpha", "--fail-load"], keepInputOpen: true)
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

/// Input, clipboard, audio and chardev flows against a real QEMU, driven by the reference peers.
@Suite(.serialized, .tags(.interop, .qemu))
struct QEMUDeviceFlowTests {
    static let python = QEMUHarnessTests.python

    static func gdbusCall(_ bus: QEMUTestBus, _ path: String, _ method: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
        try QEMUChildProcess.run("gdbus", [
            "call", "--address", bus.address, "--dest", "org.qemu", "--object-path", path, "--method", method,
        ] + arguments)
    }

    @Test func keyboardModifiersReportCapsLockOnceTheGuestSetsTheLED() throws {
        let bus = try QEMUTestBus()
        var options = QEMUProcess.Options(display: .bus(address: bus.address))
        // SeaBIOS waits in its boot menu prompt with the keyboard initialised and reports that on
        // its debug console, which is QEMU's standard output here.
        options.extraArguments = [
            "-boot", "menu=on,splash-time=60000",
            "-chardev", "stdio,id=seabios", "-device", "isa-debugcon,iobase=0x402,chardev=seabios",
        ]
        let qemu = try QEMUProcess(options)
        defer { qemu.stop() }
        try qemu.waitForOutput(containing: "Press ESC for boot menu")

        let monitor = try QEMUChildProcess("gdbus", ["monitor", "--address", bus.address, "--dest", "org.qemu"])
        defer { monitor.stop() }
        while let line = try monitor.readLine(), !line.contains("is owned by") {}

        let console = "/org/qemu/Display1/Console_0"
        #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Keyboard.Press", ["58"]).status == 0)
        #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Keyboard.Release", ["58"]).status == 0)
        var sawCaps = false
        while let line = try monitor.readLine(timeout: .seconds(20)) {
            if line.contains("'Modifiers': <uint32 4>") { sawCaps = true; break }
        }
        #expect(sawCaps)
        let value = try Self.gdbusCall(bus, console, "org.freedesktop.DBus.Properties.Get", ["org.qemu.Display1.Keyboard", "Modifiers"])
        #expect(value.output == "(<uint32 4>,)")
    }

    @Test func mouseRejectsAbsolutePositionForRelativePS2Mouse() throws {
        let bus = try QEMUTestBus()
        let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
        defer { qemu.stop() }
        let console = "/org/qemu/Display1/Console_0"
        let absolute = try Self.gdbusCall(bus, console, "org.freedesktop.DBus.Properties.Get", ["org.qemu.Display1.Mouse", "IsAbsolute"])
        #expect(absolute.output == "(<false>,)")
        #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Mouse.RelMotion", ["5", "5"]).status == 0)
        #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Mouse.SetAbsPosition", ["1", "1"]).status != 0)
        #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Console.SetUIInfo", ["100", "100", "0", "0", "800", "600"]).status != 0)
    }

    @Test func clipboardRegistersAsynchronouslyAndRejectsUnregisteredCallers() throws {
        let bus = try QEMUTestBus()
        let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
        defer { qemu.stop() }
        let client = try QEMUChildProcess(Self.python, [try QEMUHarnessTests.peer("qemu_clipboard_client.py"), "--address", bus.address])
        defer { client.stop() }
        var events: [String: [String: Any]] = [:]
        var order: [String] = []
        while true {
            let event = try client.readJSON()
            let name = event["event"] as? String ?? "?"
            events[name] = event
            order.append(name)
            if name == "Done" { break }
        }
        #expect(events["ErrorGrab"]?["name"] as? String == "org.qemu.Display1.Error.Failed")
        // QEMU calls back into the client (GetAll, then Register) before it answers Register.
        let register = order.firstIndex(of: "ReplyRegister")
        #expect(register != nil)
        #expect(order.firstIndex(of: "IncomingRegister").map { $0 < register! } == true)
        #expect(order.firstIndex(of: "GetProperty").map { $0 < register! } == true)
        #expect(events["ReplyGrab"] != nil)
        #expect(events["ReplyUnregister"] != nil)
    }

    @Test func audioListenerGetsInitAndSetEnabledReplayedOnRegistration() throws {
        let bus = try QEMUTestBus()
        var options = QEMUProcess.Options(display: .bus(address: bus.address))
        options.displaySuboptions = ["audiodev=a0"]
        options.extraArguments = ["-audiodev", "dbus,id=a0", "-device", "intel-hda", "-device", "hda-duplex,audiodev=a0"]
        let qemu = try QEMUProcess(options)
        defer { qemu.stop() }

        let listener = try QEMUChildProcess(Self.python, [
            try QEMUHarnessTests.peer("qemu_audio_listener.py"), "--address", bus.address, "--calls", "2",
        ])
        defer { listener.stop() }
        #expect(try listener.waitForJSONEvent("GetProperty")["name"] as? String == "Interfaces")
        let initCall = try listener.waitForJSONEvent("Init")["args"] as? [Any] ?? []
        // id, bits, is_signed, is_float, freq, nchannels, bytes_per_frame, bytes_per_second, be
        #expect(initCall.count == 9)
        #expect(initCall.dropFirst().map { "\($0)" } == ["16", "1", "0", "44100", "2", "4", "176400", "0"], "\(initCall)")
        let enabled = try listener.waitForJSONEvent("SetEnabled")["args"] as? [Any] ?? []
        #expect(enabled.last.map { "\($0)" } == "0")
    }

    @Test func chardevRegisterCarriesRawHMPBytesOverSocketPair() throws {
        let bus = try QEMUTestBus()
        var options = QEMUProcess.Options(display: .bus(address: bus.address))
        options.extraArguments = ["-chardev", "dbus,id=hmp0,name=org.qemu.monitor.hmp.0", "-mon", "chardev=hmp0,mode=readline"]
        let qemu = try QEMUProcess(options)
        defer { qemu.stop() }
        let client = try QEMUChildProcess(Self.python, [
            try QEMUHarnessTests.peer("qemu_chardev_client.py"), "--address", bus.address, "--chardev", "hmp0",
            "--command", "info version",
        ])
        defer { client.stop() }
        let registered = try client.waitForJSONEvent("Registered")
        #expect(registered["owner"] as? String == registered["unique_name"] as? String)
        let output = try client.waitForJSONEvent("Output")["text"] as? String ?? ""
        #expect(output.hasPrefix("QEMU "))
        #expect(output.contains(" monitor - type 'help' for more information"))
        // The reply to `info version` follows the echoed command line.
        let version = try qemu.monitor.execute("query-version") as? [String: Any]
        let qemuVersion = version?["qemu"] as? [String: Any] ?? [:]
        let number = "\(qemuVersion["major"] ?? "?").\(qemuVersion["minor"] ?? "?").\(qemuVersion["micro"] ?? "?")"
        #expect(output.contains("info version\u{1B}[K\r\n\(number)"), "\(output)")
    }
}
