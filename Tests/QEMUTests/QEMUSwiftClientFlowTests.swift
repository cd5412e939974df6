import DBus
import DBusTestSupport
import Testing

extension QEMUVirtualMachineTests {
    /// Clipboard and audio flows done from Swift with the runtime's `Message` on
    /// `QEMUPrototypeConnection`: what the generated clients and skeletons will have to do.
    @Suite
    struct QEMUSwiftClientFlowTests {
        @Test func clipboardRegisterIsAnsweredOnlyAfterQEMUCalledBack() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let (connection, _) = try QEMUPrototypeConnection.connect(toBus: bus.address)

            let register = try connection.send(.methodCall(
                destination: "org.qemu", path: "/org/qemu/Display1/Clipboard", interface: "org.qemu.Display1.Clipboard",
                member: "Register"))
            // Serve QEMU's calls to our own Clipboard object until our Register is answered.
            var served: [String] = []
            while true {
                let message = try connection.receive()
                if message.replySerial == register {
                    #expect(message.type == .methodReturn, "\(String(describing: message.dbusError))")
                    break
                }
                guard message.type == .methodCall else { continue }
                #expect(message.path?.description == "/org/qemu/Display1/Clipboard")
                served.append("\(message.interface?.description ?? "").\(message.member?.description ?? "")")
                if message.member?.description == "GetAll" {
                    let properties: [String: Variant] = ["Interfaces": Variant([String]())]
                    try connection.send(.methodReturn(replyingTo: message, body: MessageBody(properties)))
                } else {
                    try connection.send(.methodReturn(replyingTo: message))
                }
            }
            #expect(served == ["org.freedesktop.DBus.Properties.GetAll", "org.qemu.Display1.Clipboard.Register"])

            let grab = try connection.reply(to: try connection.send(.methodCall(
                destination: "org.qemu", path: "/org/qemu/Display1/Clipboard", interface: "org.qemu.Display1.Clipboard",
                member: "Grab", body: MessageBody(UInt32(0), UInt32(1), ["text/plain;charset=utf-8"]))))
            #expect(grab.type == .methodReturn)
        }

        @Test func audioOutListenerGetsInitReplayAsRuntimeMessages() throws {
            let bus = try PrivateBus()
            var options = QEMUProcess.Options(display: .bus(address: bus.address))
            options.displaySuboptions = ["audiodev=a0"]
            options.extraArguments = ["-audiodev", "dbus,id=a0", "-device", "intel-hda", "-device", "hda-duplex,audiodev=a0"]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            let (control, _) = try QEMUPrototypeConnection.connect(toBus: bus.address)

            let (ours, theirs) = try QEMUPrototypeConnection.socketPair()
            let reply = try control.reply(to: try control.send(.methodCall(
                destination: "org.qemu", path: "/org/qemu/Display1/Audio", interface: "org.qemu.Display1.Audio",
                member: "RegisterOutListener", body: MessageBody(UnixFD(taking: theirs)))))
            #expect(reply.type == .methodReturn)

            let listener = QEMUPrototypeConnection(socket: ours)
            try listener.authenticate()
            var calls: [String] = []
            while calls.count < 3 {
                let call = try listener.receive()
                #expect(call.path?.description == "/org/qemu/Display1/AudioOutListener")
                calls.append(call.member?.description ?? "?")
                switch call.member?.description {
                case "GetAll":
                    let properties: [String: Variant] = ["Interfaces": Variant([String]())]
                    try listener.send(.methodReturn(replyingTo: call, body: MessageBody(properties)))
                case "Init":
                    let (_, bits, signed, float, frequency, channels, bytesPerFrame, bytesPerSecond, bigEndian) = try call.decodeBody(
                        as: UInt64.self, UInt8.self, Bool.self, Bool.self, UInt32.self, UInt8.self, UInt32.self, UInt32.self, Bool.self)
                    #expect(bits == 16 && signed && !float && !bigEndian)
                    #expect(frequency == 44100 && channels == 2 && bytesPerFrame == 4 && bytesPerSecond == 176_400)
                    if !call.flags.contains(.noReplyExpected) { try listener.send(.methodReturn(replyingTo: call)) }
                case "SetEnabled":
                    let (_, enabled) = try call.decodeBody(as: UInt64.self, Bool.self)
                    #expect(!enabled)
                    if !call.flags.contains(.noReplyExpected) { try listener.send(.methodReturn(replyingTo: call)) }
                default:
                    Issue.record("unexpected call \(calls.last ?? "?")")
                }
            }
            #expect(calls == ["GetAll", "Init", "SetEnabled"])
        }
    }
}

extension QEMUVirtualMachineTests {
    /// Input and chardev flows from Swift on runtime messages.
    @Suite
    struct QEMUSwiftInputAndChardevTests {
        static func call(
            _ connection: QEMUPrototypeConnection, _ path: ObjectPath, _ interface: InterfaceName, _ member: MemberName,
            _ body: MessageBody = MessageBody(), destination: BusName = "org.qemu"
        ) throws -> Message {
            try connection.reply(to: try connection.send(.methodCall(
                destination: destination, path: path, interface: interface, member: member, body: body)))
        }

        @Test func capsLockChangeArrivesAsPropertiesChangedFromQEMUsUniqueName() throws {
            let bus = try PrivateBus()
            var options = QEMUProcess.Options(display: .bus(address: bus.address))
            options.extraArguments = [
                "-boot", "menu=on,splash-time=60000",
                "-chardev", "stdio,id=seabios", "-device", "isa-debugcon,iobase=0x402,chardev=seabios",
            ]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            try qemu.waitForOutput(containing: "Press ESC for boot menu")

            let (connection, _) = try QEMUPrototypeConnection.connect(toBus: bus.address)
            let owner = try Self.call(
                connection, "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", MessageBody("org.qemu"),
                destination: "org.freedesktop.DBus")
            let qemuName = try owner.decodeBody(as: String.self)
            let rule = "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path='/org/qemu/Display1/Console_0'"
            let match = try Self.call(
                connection, "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", MessageBody(rule),
                destination: "org.freedesktop.DBus")
            #expect(match.type == .methodReturn)

            // The signal can arrive before the Release reply, so no reply is awaited on its own
            // (that wait would skip the signal): read everything and check the replies on the way.
            var pending: Set<UInt32> = []
            for member: MemberName in ["Press", "Release"] {
                pending.insert(try connection.send(.methodCall(
                    destination: "org.qemu", path: "/org/qemu/Display1/Console_0", interface: "org.qemu.Display1.Keyboard",
                    member: member, body: MessageBody(UInt32(0x3a)))))
            }
            while true {
                let message = try connection.receive()
                if let serial = message.replySerial, pending.remove(serial) != nil {
                    #expect(message.type == .methodReturn)
                    continue
                }
                guard message.type == .signal, message.member?.description == "PropertiesChanged" else { continue }
                // Signals carry QEMU's unique name, not org.qemu: a proxy must match on the owner.
                #expect(message.sender?.description == qemuName)
                let (interface, changed, invalidated) = try message.decodeBody(as: String.self, [String: Variant].self, [String].self)
                #expect(interface == "org.qemu.Display1.Keyboard")
                #expect(changed["Modifiers"]?.get(as: UInt32.self) == 4)
                #expect(invalidated.isEmpty)
                break
            }
        }

        @Test func chardevSocketCarriesHMPBanner() throws {
            let bus = try PrivateBus()
            var options = QEMUProcess.Options(display: .bus(address: bus.address))
            options.extraArguments = ["-chardev", "dbus,id=hmp0,name=org.qemu.monitor.hmp.0", "-mon", "chardev=hmp0,mode=readline"]
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            let (connection, uniqueName) = try QEMUPrototypeConnection.connect(toBus: bus.address)

            let (ours, theirs) = try QEMUPrototypeConnection.socketPair()
            let reply = try Self.call(
                connection, "/org/qemu/Display1/Chardev_hmp0", "org.qemu.Display1.Chardev", "Register",
                MessageBody(UnixFD(taking: theirs)))
            #expect(reply.type == .methodReturn)
            let owner = try Self.call(
                connection, "/org/qemu/Display1/Chardev_hmp0", "org.freedesktop.DBus.Properties", "Get",
                MessageBody("org.qemu.Display1.Chardev", "Owner"))
            #expect(try owner.decodeBody(as: Variant.self).get(as: String.self) == uniqueName)

            // Raw bytes, not D-Bus, from here on.
            let stream = QEMURawStream(socket: ours)
            let banner = try stream.read(until: "(qemu) ")
            #expect(banner.hasPrefix("QEMU "))
            #expect(banner.contains("monitor - type 'help' for more information"))
        }
    }
}
