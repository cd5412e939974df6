import DBus
import DBusTestSupport
import Testing

/// Clipboard and audio flows done from Swift with the runtime's `Message` on
/// `QEMUPrototypeConnection`: what the generated clients and skeletons will have to do.
@Suite(.serialized, .tags(.interop, .qemu))
struct QEMUSwiftClientFlowTests {
    @Test func clipboardRegisterIsAnsweredOnlyAfterQEMUCalledBack() throws {
        let bus = try QEMUTestBus()
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
        let bus = try QEMUTestBus()
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
