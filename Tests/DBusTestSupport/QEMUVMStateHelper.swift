import DBus
import Foundation

/// An org.qemu.VMState1 helper written in Swift on `QEMUPrototypeConnection`, serving on its own
/// thread (QEMU calls `Save`/`Load` synchronously, sometimes while its main loop is blocked).
///
/// It queues on `org.qemu.VMState1`, answers `Properties.GetAll`/`Get` with its `Id`, returns
/// `state` from `Save` and records what `Load` receives. It stops after `stopAfter` Save/Load
/// calls, or after `timeout`.
public final class QEMUVMStateHelper: Sendable {
    /// What the helper saw, in order: "Ready", "GetAll", "Save", "Load".
    public struct Event: Sendable {
        public var name: String
        public var data: [UInt8]
    }

    private let events = Events()

    public init(busAddress: String, id: String, state: [UInt8], stopAfter: Int = 1, timeout: Duration = .seconds(60)) {
        let events = self.events
        let thread = Thread {
            do {
                try Self.serve(busAddress: busAddress, id: id, state: state, stopAfter: stopAfter, timeout: timeout, events: events)
            } catch {
                events.append(Event(name: "Error: \(error)", data: []))
            }
        }
        thread.start()
    }

    /// Waits for the next event named `name`, skipping others; throws on timeout or helper error.
    public func waitFor(_ name: String, timeout: Duration = .seconds(30)) throws -> Event {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard let event = events.next(until: deadline) else {
                throw HarnessError("the Swift VMState helper saw no \(name) within \(timeout)")
            }
            if event.name.hasPrefix("Error") { throw HarnessError("Swift VMState helper: \(event.name)") }
            if event.name == name { return event }
        }
    }

    private static func serve(
        busAddress: String, id: String, state: [UInt8], stopAfter: Int, timeout: Duration, events: Events
    ) throws {
        let (connection, _) = try QEMUPrototypeConnection.connect(toBus: busAddress)
        // Flags 0: queue behind other helpers, since QEMU lists every queued owner.
        let request = Message.methodCall(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "RequestName", body: MessageBody("org.qemu.VMState1", UInt32(0)))
        let reply = try connection.reply(to: try connection.send(request))
        guard reply.type == .methodReturn else { throw HarnessError("RequestName failed: \(String(describing: reply.dbusError))") }
        events.append(Event(name: "Ready", data: []))

        let deadline = ContinuousClock.now + timeout
        var handled = 0
        while handled < stopAfter {
            let call = try connection.receive(timeout: ContinuousClock.now.duration(to: deadline))
            guard call.type == .methodCall else { continue }
            switch (call.interface?.description, call.member?.description) {
            case ("org.freedesktop.DBus.Properties", "GetAll"):
                events.append(Event(name: "GetAll", data: []))
                let properties: [String: Variant] = ["Id": Variant(id)]
                try connection.send(.methodReturn(replyingTo: call, body: MessageBody(properties)))
            case ("org.freedesktop.DBus.Properties", "Get"):
                try connection.send(.methodReturn(replyingTo: call, body: MessageBody(Variant(id))))
            case ("org.qemu.VMState1", "Save"):
                events.append(Event(name: "Save", data: []))
                try connection.send(.methodReturn(replyingTo: call, body: MessageBody(state)))
                handled += 1
            case ("org.qemu.VMState1", "Load"):
                let data = try call.decodeBody(as: [UInt8].self)
                events.append(Event(name: "Load", data: data))
                try connection.send(.methodReturn(replyingTo: call))
                handled += 1
            default:
                try connection.send(.error(
                    name: "org.freedesktop.DBus.Error.UnknownMethod",
                    message: "\(call.interface?.description ?? "").\(call.member?.description ?? "") is not implemented",
                    replyingTo: call))
            }
        }
    }

    /// A thread-safe queue of events with a blocking, deadline-bounded `next`.
    private final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var queue: [Event] = []
        private let available = DispatchSemaphore(value: 0)

        func append(_ event: Event) {
            lock.withLock { queue.append(event) }
            available.signal()
        }

        func next(until deadline: ContinuousClock.Instant) -> Event? {
            let (seconds, attoseconds) = ContinuousClock.now.duration(to: deadline).components
            let milliseconds = max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
            guard available.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
            return lock.withLock { queue.removeFirst() }
        }
    }
}
