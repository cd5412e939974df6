import DBus
import DBusTestSupport
import Testing

extension QEMUVirtualMachineTests {
    /// The display-listener flow done from Swift with the runtime's `Message` type and no Python:
    /// RegisterListener with a passed socket (over the bus, or over a QMP add_client connection),
    /// authenticate as the client on it, answer GetAll, receive the Scanout.
    @Suite
    struct QEMUSwiftListenerTests {
        static func register(on control: QEMUPrototypeConnection, destination: BusName?) throws -> QEMUPrototypeConnection {
            let (ours, theirs) = try QEMUPrototypeConnection.socketPair()
            let register = Message.methodCall(
                destination: destination, path: "/org/qemu/Display1/Console_0", interface: "org.qemu.Display1.Console",
                member: "RegisterListener", body: MessageBody(UnixFD(taking: theirs)))
            let reply = try control.reply(to: try control.send(register))
            #expect(reply.type == .methodReturn, "\(reply.dbusError.map { "\($0)" } ?? "")")
            return QEMUPrototypeConnection(socket: ours)
        }

        @Test func swiftListenerReceivesScanoutOverBus() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let (control, uniqueName) = try QEMUPrototypeConnection.connect(toBus: bus.address)
            #expect(uniqueName.hasPrefix(":"))
            try Self.receiveScanout(on: try Self.register(on: control, destination: "org.qemu"))
        }

        @Test func swiftListenerReceivesScanoutOverAddClientConnection() throws {
            var options = QEMUProcess.Options(display: .peerToPeer)
            options.name = "swift-listener"
            let qemu = try QEMUProcess(options)
            defer { qemu.stop() }
            // The control connection to QEMU's objects comes from add_client; QEMU is the server.
            let control = QEMUPrototypeConnection(socket: try qemu.monitor.addDisplayClient())
            try control.authenticate()
            try Self.receiveScanout(on: try Self.register(on: control, destination: nil))
        }

        static func receiveScanout(on listener: QEMUPrototypeConnection) throws {
            // QEMU authenticates as the server on the listener socket too.
            try listener.authenticate()
            let getAll = try listener.receive()
            #expect(getAll.member?.description == "GetAll")
            #expect(try getAll.decodeBody(as: String.self) == "org.qemu.Display1.Listener")
            let properties: [String: Variant] = ["Interfaces": Variant([String]())]
            try listener.send(.methodReturn(replyingTo: getAll, body: MessageBody(properties)))

            let scanout = try listener.receive()
            #expect(scanout.member?.description == "Scanout")
            #expect(scanout.flags.contains(.noReplyExpected))
            let (width, height, stride, format, data) = try scanout.decodeBody(
                as: UInt32.self, UInt32.self, UInt32.self, UInt32.self, [UInt8].self)
            #expect([width, height] == [640, 480] || [width, height] == [720, 400])
            #expect(stride == width * 4)
            #expect(format == 0x2002_0888)
            #expect(data.count == Int(stride * height))
        }
    }
}
