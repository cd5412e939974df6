import DBusTestSupport
import Foundation
import Testing

extension QEMUVirtualMachineTests {
    /// Input, clipboard, audio and chardev flows against a real QEMU, driven by the reference peers.
    @Suite
    struct QEMUDeviceFlowTests {
        static func gdbusCall(_ bus: PrivateBus, _ path: String, _ method: String, _ arguments: [String] = []) throws -> ProgramOutput {
            try PeerProcess.run("gdbus", [
                "call", "--address", bus.address, "--dest", "org.qemu", "--object-path", path, "--method", method,
            ] + arguments)
        }

        @Test func keyboardModifiersReportCapsLockOnceTheGuestSetsTheLED() throws {
            let bus = try PrivateBus()
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

            let monitor = try PeerProcess("gdbus", ["monitor", "--address", bus.address, "--dest", "org.qemu"])
            defer { monitor.stop() }
            while let line = try monitor.readLine(), !line.contains("is owned by") {}

            let console = "/org/qemu/Display1/Console_0"
            #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Keyboard.Press", ["58"]).status == 0)
            #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Keyboard.Release", ["58"]).status == 0)
            var sawCaps = false
            while let line = try monitor.readLine(timeout: 20) {
                if line.contains("'Modifiers': <uint32 4>") { sawCaps = true; break }
            }
            #expect(sawCaps)
            let value = try Self.gdbusCall(bus, console, "org.freedesktop.DBus.Properties.Get", ["org.qemu.Display1.Keyboard", "Modifiers"])
            #expect(value.output == "(<uint32 4>,)\n")
        }

        @Test func mouseRejectsAbsolutePositionForRelativePS2Mouse() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let console = "/org/qemu/Display1/Console_0"
            let absolute = try Self.gdbusCall(bus, console, "org.freedesktop.DBus.Properties.Get", ["org.qemu.Display1.Mouse", "IsAbsolute"])
            #expect(absolute.output == "(<false>,)\n")
            #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Mouse.RelMotion", ["5", "5"]).status == 0)
            #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Mouse.SetAbsPosition", ["1", "1"]).status != 0)
            #expect(try Self.gdbusCall(bus, console, "org.qemu.Display1.Console.SetUIInfo", ["100", "100", "0", "0", "800", "600"]).status != 0)
        }

        @Test func clipboardRegistersAsynchronouslyAndRejectsUnregisteredCallers() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let client = try PeerProcess(QEMUPeers.python, [try QEMUPeers.path("qemu_clipboard_client.py"), "--address", bus.address])
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
            let bus = try PrivateBus()
            var options = QEMUProcess.Options(display: .bus(address: bus.address))
            options.displaySuboptions = ["audiodev=a0"]
            options.extraArguments = ["-audiodev", "dbus,id=a0", "-device", "intel-hda", "-device", "hda-duplex,audiodev=a0"]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }

            let listener = try PeerProcess(QEMUPeers.python, [
                try QEMUPeers.path("qemu_audio_listener.py"), "--address", bus.address, "--calls", "2",
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
            let bus = try PrivateBus()
            var options = QEMUProcess.Options(display: .bus(address: bus.address))
            options.extraArguments = ["-chardev", "dbus,id=hmp0,name=org.qemu.monitor.hmp.0", "-mon", "chardev=hmp0,mode=readline"]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            let client = try PeerProcess(QEMUPeers.python, [
                try QEMUPeers.path("qemu_chardev_client.py"), "--address", bus.address, "--chardev", "hmp0",
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
}
