import DBus
import DBusTestSupport
import Testing

extension QEMUVirtualMachineTests {
    /// A display listener on the project's own runtime (`DBusConnection`: bus client, client-role
    /// peer-to-peer connection over a socket pair, exported object) receives QEMU's Scanout. This is
    /// issue 7's flow with a hand-written skeleton in place of the generated one.
    @Suite
    struct QEMURuntimeListenerTests {
        /// The picture size and format of one Scanout, and how many bytes came with it.
        struct Frame: Sendable {
            var width, height, stride, format: UInt32
            var bytes: Int
        }

        /// org.qemu.Display1.Listener that reports each Scanout and accepts everything else.
        final class RecordingListener: DBusExportedInterface {
            static let interfaceName: InterfaceName = "org.qemu.Display1.Listener"
            static let introspectionXML = """
                <interface name="org.qemu.Display1.Listener">
                  <method name="Scanout">
                    <arg name="width" type="u" direction="in"/><arg name="height" type="u" direction="in"/>
                    <arg name="stride" type="u" direction="in"/><arg name="pixman_format" type="u" direction="in"/>
                    <arg name="data" type="ay" direction="in"/>
                  </method>
                  <property name="Interfaces" type="as" access="read"/>
                </interface>
                """
            let frames: AsyncStream<Frame>
            private let continuation: AsyncStream<Frame>.Continuation

            init() {
                (frames, continuation) = AsyncStream.makeStream()
            }

            func handle(_ call: MethodCallContext) async throws -> MessageBody {
                switch call.member.description {
                case "Scanout":
                    let (width, height, stride, format, data) = try call.arguments(
                        as: UInt32.self, UInt32.self, UInt32.self, UInt32.self, [UInt8].self)
                    continuation.yield(Frame(width: width, height: height, stride: stride, format: format, bytes: data.count))
                    return MessageBody()
                case "Update", "Disable", "MouseSet", "CursorDefine":
                    return MessageBody()
                default:
                    throw call.unknownMethod()
                }
            }

            func getAllProperties(context: MethodCallContext) async throws -> [String: Variant] {
                ["Interfaces": Variant([String]())]
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func runtimeListenerReceivesScanoutFromQEMU() async throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let connection = try await DBusConnection.connect(to: bus.address)
            defer { connection.close() }

            // QEMU replies to RegisterListener before it authenticates on the socket.
            let (ours, theirs) = try QEMUPrototypeConnection.socketPair()
            let reply = try await connection.call(.methodCall(
                destination: "org.qemu", path: "/org/qemu/Display1/Console_0", interface: "org.qemu.Display1.Console",
                member: "RegisterListener", body: MessageBody(UnixFD(taking: theirs))))
            #expect(reply.type == .methodReturn)

            let peer = try await DBusConnection.peer(socket: ours, role: .client())
            defer { peer.close() }
            let listener = RecordingListener()
            _ = try peer.export(listener, at: "/org/qemu/Display1/Listener")
            peer.start()

            var frames = listener.frames.makeAsyncIterator()
            let frame = try #require(await frames.next())
            #expect([frame.width, frame.height] == [640, 480] || [frame.width, frame.height] == [720, 400])
            #expect(frame.stride == frame.width * 4)
            #expect(frame.format == 0x2002_0888)
            #expect(frame.bytes == Int(frame.stride * frame.height))
        }
    }
}
