#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A D-Bus connection: to a message bus, or peer to peer over a socket.
///
/// Each connection has one dedicated I/O thread that polls the socket, so no system call ever
/// blocks Swift's cooperative pool. Sends are written in order (inline when the socket has room,
/// otherwise by the I/O thread); a sender waits while more than `writeQueueLimit` bytes are
/// queued. Incoming method calls and signals are handled one at a time, in arrival order, by a
/// dispatcher task; when it falls `incomingQueueLimit` messages behind, the I/O thread stops
/// reading, which pushes back on the peer.
///
/// ```swift
/// let bus = try await DBusConnection.connect(to: address)          // authenticates, says Hello
/// let reply = try await bus.call(destination: "org.example.Service", path: "/org/example/Object",
///                                interface: "org.example.Iface", member: "Ping")
/// let registration = try bus.export(MyObject(), at: "/org/example/Object")
/// ...
/// bus.close()
/// ```
///
/// A connection stays open (and alive) until `close()` or until the peer disconnects; then every
/// pending call fails with `DBusConnectionError.disconnected`, signal streams finish and all
/// queued file descriptors are closed.
public final class DBusConnection: @unchecked Sendable {
    /// The GUID the server announced during authentication.
    public let serverGUID: String
    /// Whether Unix fds can travel on this connection (negotiated during authentication).
    public let canPassFDs: Bool
    /// Whether the other end is a message bus (we sent Hello).
    public let isBus: Bool
    /// The unique name the bus assigned (`:1.42`); nil on peer-to-peer connections.
    public var uniqueName: BusName? { state.withLock { assignedName } }

    /// Default time to wait for a reply, as in libdbus and GDBus.
    public static let defaultTimeout: Duration = .seconds(25)
    /// `defaultTimeout` in seconds, converted once rather than on every call.
    private static let defaultTimeoutSeconds = seconds(defaultTimeout)
    /// How long, in seconds, a call on the I/O thread waits inline for its reply before it
    /// suspends. Cancelling its task takes effect once the wait is over, so this bounds how late
    /// that is; a handler to wake the wait instead (add and remove a cancellation record, enter
    /// and leave its closure) cost about a tenth of a Ping client's user time. Replies slower
    /// than this are slow enough that suspending costs nothing in comparison. Not much shorter:
    /// with 2 ms, Ping was slower than with 20 ms or 100 ms (a timeout that near has the kernel
    /// program its timer on most waits; docs/performance.md).
    static let inlineWaitLimit = 0.02

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
    /// Bytes queued for writing beyond which senders wait.
    public static let writeQueueLimit = 16 * 1024 * 1024
    /// Incoming messages queued for the dispatcher beyond which reading pauses.
    public static let incomingQueueLimit = 1024
    /// Received fds not yet claimed by a message that we tolerate before closing (hostile peer).
    static let maximumUnclaimedFDs = 1024

    let socket: Int32
    /// The I/O thread's wake-up pipe (internal so that leak tests can check it gets closed).
    let wakeRead: Int32
    let wakeWrite: Int32
    let state = Lock()

    // Guarded by `state`. Here and below, `@exclusivity(unchecked)`: the lock (or, for the
    // framer and parser, the I/O thread) already serializes access, and the run-time check costs
    // on every access in the per-message path.
    @exclusivity(unchecked) private var nextSerial: UInt32 = 1
    @exclusivity(unchecked) private var pending = PendingCalls()
    @exclusivity(unchecked) private var outgoing: [OutgoingFrame] = []
    @exclusivity(unchecked) private var outgoingHead = 0
    @exclusivity(unchecked) private var outgoingBytes = 0
    /// Senders waiting for queue space; each is removed under the lock before it is resumed.
    @exclusivity(unchecked) private var writeWaiters: [UnsafeContinuation<Void, Never>] = []
    @exclusivity(unchecked) private var closeReason: String?
    @exclusivity(unchecked) private var closing = false
    @exclusivity(unchecked) private var readingPaused = false
    /// The I/O thread's copy of `readingPaused`, read without the lock. Only the I/O thread
    /// pauses reading, so while this is false the shared flag is false too; once true, it is
    /// refreshed under the lock until another thread's `resumeReading()` has cleared the flag.
    @exclusivity(unchecked) private var pausedAsSeen = false
    @exclusivity(unchecked) private var pollDeadline = Double.infinity
    @exclusivity(unchecked) private var assignedName: BusName?
    /// The header of the message sent last, for the next one to copy if its fields are the same.
    @exclusivity(unchecked) private var lastHeader: HeaderTemplate?
    @exclusivity(unchecked) private var started = false
    /// Set once the I/O thread closed the descriptors; nothing may touch them after that.
    @exclusivity(unchecked) private var tornDown = false

    /// Whether the caller runs on the I/O thread: work it does itself needs no wake-up (it
    /// recomputes before polling), and its calls may wait for their replies inline.
    private var isOnIOThread: Bool { IOThreadOwner.isCurrent(self) }
    /// Outcomes of calls removed from `pending` before their task attached its continuation
    /// (see `PendingCall`), by serial; normally empty.
    @exclusivity(unchecked) private var orphanOutcomes: [UInt32: Result<Message, any Error>] = [:]
    @exclusivity(unchecked) var subscriptions: [UInt64: SignalSubscription] = [:]
    @exclusivity(unchecked) var nextSubscriptionID: UInt64 = 1

    @exclusivity(unchecked) private var framer = MessageFramer()
    /// Remembers the header names the peer repeats (I/O thread only).
    @exclusivity(unchecked) private var parser = MessageParser()
    @exclusivity(unchecked) private var unclaimedFDs: [UnixFD] = []
    /// The call waiting inline on the I/O thread (0: none), and its outcome once routed (I/O
    /// thread only).
    @exclusivity(unchecked) private var inlineSerial: UInt32 = 0
    @exclusivity(unchecked) private var inlineOutcome: Result<Message, any Error>?
    /// A read failure met while a call waited inline, for the I/O loop to act on (I/O thread only).
    @exclusivity(unchecked) private var deferredFailure: String?
    @exclusivity(unchecked) private var incoming: BoundedQueue<Message>!
    /// Exported objects; consulted by the dispatcher for every incoming method call.
    let objects = ObjectTree()
    /// Type-erased `ConnectionExecutor` (stored untyped for the macOS 14 deployment target).
    @exclusivity(unchecked) private var executorStorage: AnyObject?

    /// The executor that runs tasks on this connection's I/O thread; see `ConnectionExecutor`.
    @available(macOS 15.0, *)
    public var executor: ConnectionExecutor { executorStorage as! ConnectionExecutor }

    /// Runs executor jobs if this platform has the executor.
    private func runExecutorJobs() -> Bool {
        // Runs every turn of the I/O loop: no checked cast (`executorStorage` holds nothing else).
        guard #available(macOS 15.0, *), let storage = executorStorage else { return false }
        return unsafeDowncast(storage, to: ConnectionExecutor.self).runJobs()
    }

    private init(socket: Int32, outcome: AuthOutcome, isBus: Bool) throws(DBusConnectionError) {
        self.socket = socket
        self.serverGUID = outcome.guid
        self.canPassFDs = outcome.unixFDs
        self.isBus = isBus
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            throw .connectFailed(address: "socket \(socket)", SystemError("create wake-up pipe"))
        }
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
        for fd in [wakeRead, wakeWrite] {
            SocketCalls.setCloseOnExec(fd)
            SocketCalls.setNonBlocking(fd, true)
        }
        SocketCalls.setNonBlocking(socket, true)
        SocketCalls.enlargeBuffers(socket)
        framer.prime(with: outcome.leftover)
        incoming = BoundedQueue(capacity: Self.incomingQueueLimit) { [weak self] in self?.resumeReading() }
        if #available(macOS 15.0, *) {
            executorStorage = ConnectionExecutor { [weak self] in self?.wakeIOThread() }
        }
    }

    // MARK: Opening

    /// Connects to a bus (or, with `bus: false`, to a peer-to-peer server) at `address`, a
    /// `;`-separated list tried in order; authenticates as client and, on a bus, sends Hello.
    /// - Parameters:
    ///   - mechanisms: SASL mechanisms offered in order.
    ///   - timeout: limit for connecting and authenticating, in seconds.
    /// - Throws: `DBusConnectionError` naming the address and what failed.
    public static func connect(
        to address: String, bus: Bool = true, mechanisms: [AuthMechanism] = [.external, .anonymous],
        timeout: Double = 25
    ) async throws(DBusConnectionError) -> DBusConnection {
        let addresses: [DBusAddress]
        do throws(DBusAddressError) { addresses = try DBusAddress.parseList(address) } catch { throw .invalidAddress(error) }
        let result: Result<(Int32, AuthOutcome), DBusConnectionError> = await IOThread.run {
            do throws(DBusConnectionError) {
                let (fd, _) = try SocketConnector.connect(to: addresses)
                do throws(DBusConnectionError) {
                    let outcome = try SASLClient.authenticate(fd: fd, mechanisms: mechanisms, negotiateFDs: true, timeout: timeout)
                    return .success((fd, outcome))
                } catch {
                    SocketCalls.closeDescriptor(fd)
                    throw error
                }
            } catch {
                return .failure(error)
            }
        }
        let (fd, outcome) = try result.get()
        let connection = try DBusConnection(socket: fd, outcome: outcome, isBus: bus)
        connection.start()
        if bus { try await connection.hello() }
        return connection
    }

    /// Connects to the session bus (DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus).
    public static func sessionBus() async throws(DBusConnectionError) -> DBusConnection {
        let list: [DBusAddress]
        do throws(DBusAddressError) { list = try DBusAddress.sessionBus() } catch { throw .invalidAddress(error) }
        return try await connect(to: list.map(\.description).joined(separator: ";"))
    }

    /// Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS, else /var/run/dbus/system_bus_socket).
    public static func systemBus() async throws(DBusConnectionError) -> DBusConnection {
        let list: [DBusAddress]
        do throws(DBusAddressError) { list = try DBusAddress.systemBus() } catch { throw .invalidAddress(error) }
        return try await connect(to: list.map(\.description).joined(separator: ";"))
    }

    /// Which side of the authentication handshake this end plays on a peer-to-peer socket.
    public enum AuthRole: Sendable {
        /// Send AUTH (as a QEMU display client does on the socket pair it created).
        case client(mechanisms: [AuthMechanism] = [.external, .anonymous])
        /// Answer AUTH with `guid` (a fresh one when nil), accepting peers per `policy`.
        case server(guid: String? = nil, policy: AuthPolicy = AuthPolicy())
    }

    /// Opens a peer-to-peer connection over a connected stream socket (e.g. one end of a
    /// `socketpair`), taking ownership of `fd`.
    ///
    /// The peer may call exported objects as soon as the handshake ends (QEMU sends `GetAll` to
    /// a display listener right away), so objects must be exported before message processing
    /// starts. Either pass `configure`, which runs on the handshake's thread right after it
    /// succeeds and then starts processing (nothing in between waits for Swift's cooperative
    /// pool), or export on the returned connection and call `start()` yourself.
    /// - Parameter configure: exports objects (it must not block); processing starts after it.
    /// - Throws: `DBusConnectionError.authenticationFailed` (and `fd` is closed), or what
    ///   `configure` throws (and the connection is closed).
    public static func peer(
        socket fd: Int32, role: AuthRole, timeout: Double = 25,
        configure: (@Sendable (DBusConnection) throws -> Void)? = nil
    ) async throws -> DBusConnection {
        SocketCalls.setNonBlocking(fd, true)
        SocketCalls.setCloseOnExec(fd)
        let result: Result<DBusConnection, any Error> = await IOThread.run {
            do {
                let outcome: AuthOutcome
                switch role {
                case .client(let mechanisms):
                    outcome = try SASLClient.authenticate(fd: fd, mechanisms: mechanisms, negotiateFDs: true, timeout: timeout)
                case .server(let guid, let policy):
                    outcome = try SASLServer.authenticate(fd: fd, guid: guid ?? ServerGUID.make(), policy: policy, timeout: timeout)
                }
                let connection: DBusConnection
                do { connection = try DBusConnection(socket: fd, outcome: outcome, isBus: false) } catch {
                    SocketCalls.closeDescriptor(fd)
                    throw error
                }
                guard let configure else { return .success(connection) }
                do {
                    try configure(connection)
                } catch {
                    connection.close()
                    throw error
                }
                connection.start()
                return .success(connection)
            } catch let error as DBusConnectionError {
                if case .authenticationFailed = error { SocketCalls.closeDescriptor(fd) }
                return .failure(error)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Accepts the next client of `listener` and authenticates it as server; `configure` as in
    /// `peer(socket:role:timeout:configure:)` (without it, call `start()` after exporting).
    public static func accept(
        on listener: DBusListener, policy: AuthPolicy = AuthPolicy(),
        configure: (@Sendable (DBusConnection) throws -> Void)? = nil
    ) async throws -> DBusConnection {
        let fd = try await listener.acceptSocket()
        return try await peer(socket: fd, role: .server(guid: listener.guid, policy: policy), configure: configure)
    }

    /// Starts the I/O thread and the dispatcher. Idempotent; `connect(to:)` calls it itself.
    public func start() {
        let first = state.withLock {
            defer { started = true }
            return !started
        }
        guard first else { return }
        IOThread.start(name: "dbus-io") { self.runIOLoop() }
        if #available(macOS 15.0, *) {
            Task(executorPreference: executor) { await self.runDispatcher() }
        } else {
            Task.detached { await self.runDispatcher() }
        }
    }

    private func hello() async throws(DBusConnectionError) {
        do {
            let reply = try await call(destination: .bus, path: .bus, interface: .bus, member: "Hello")
            let name = try reply.decodeBody(as: String.self)
            let busName = try BusName(name)
            state.withLock { assignedName = busName }
        } catch let error as DBusConnectionError {
            close()  // A timed-out Hello would otherwise leave the socket and the I/O thread running.
            throw error
        } catch {
            close()
            throw .authenticationFailed("Hello failed: \(error)")
        }
    }

    // MARK: Sending

    /// Sends a message without waiting for a reply (signals, replies, NO_REPLY_EXPECTED calls).
    /// - Returns: the serial it was sent with.
    /// - Throws: `DBusConnectionError` when the connection is closed or the message is invalid.
    @discardableResult
    nonisolated(nonsending) public func send(_ message: Message) async throws(DBusConnectionError) -> UInt32 {
        var ticket = takeSerialIfWritable()
        if ticket == nil { ticket = await takeSerialAfterWaiting() }
        let (serial, template) = ticket!
        let (frame, newTemplate) = try frame(message, serial: serial, template: template)
        try enqueue(frame, template: newTemplate)
        return serial
    }

    /// Queues `message` right away, without waiting for queue space: for bookkeeping messages
    /// (RemoveMatch) sent from synchronous contexts, so they go out before anything sent later.
    func sendNow(_ message: Message) throws(DBusConnectionError) {
        let (frame, template) = try frame(message, serial: takeSerial(), template: nil)
        try enqueue(frame, template: template)
    }

    /// Calls a method and waits for its reply.
    ///
    /// The reply is returned as a message (decode it with `decodeBody(as:)`); an error reply is
    /// thrown as `DBusError` with the peer's name and message. With `.noReplyExpected` in
    /// `flags`, the call is sent and an empty method-return placeholder comes back at once.
    /// - Parameters:
    ///   - timeout: nil waits forever; the default is 25 s.
    /// - Throws: `DBusError` (error reply), `DBusConnectionError` (timeout, disconnection,
    ///   unsendable message) or `CancellationError` when the task is cancelled (within 20 ms
    ///   for a call made on the connection's I/O thread, which first waits for its reply there).
    @inlinable  // Inlined into the caller: one async frame less per call.
    nonisolated(nonsending) public func call(
        destination: BusName? = nil, path: ObjectPath, interface: InterfaceName? = nil, member: MemberName,
        body: MessageBody = MessageBody(), timeout: Duration? = DBusConnection.defaultTimeout,
        flags: Message.Flags = []
    ) async throws -> Message {
        let message = Message.methodCall(destination: destination, path: path, interface: interface, member: member, body: body, flags: flags)
        return try await call(message, timeout: timeout)
    }

    /// Sends a prepared method call and waits for its reply; see `call(destination:path:...)`.
    nonisolated(nonsending) public func call(_ message: Message, timeout: Duration? = DBusConnection.defaultTimeout) async throws -> Message {
        if message.flags.contains(.noReplyExpected) {
            try await send(message)
            return Message(type: .methodReturn)
        }
        try Task.checkCancellation()
        var ticket = takeSerialIfWritable()
        if ticket == nil { ticket = await takeSerialAfterWaiting() }
        let (serial, template) = ticket!
        let (frame, newTemplate) = try frame(message, serial: serial, template: template)
        let seconds = timeout == Self.defaultTimeout ? Self.defaultTimeoutSeconds : timeout.map(Self.seconds) ?? .infinity
        if isOnIOThread {
            // No cancellation handler around the inline wait: it is short (`inlineWaitLimit`),
            // and a call still pending after it suspends with one (`awaitReply`).
            let outcome = try sendFromIOThread(frame, template: newTemplate, serial: serial, message: message, seconds: seconds)
            switch consume outcome {
            case .success(let reply): return reply
            case .failure(let error): throw error
            case nil: return try await awaitReply(serial: serial)
            }
        }
        // The executor-inheriting form of withTaskCancellationHandler (public, kept for ABI): the
        // current one takes an `isolation` parameter and checks it on entry and on return, two
        // executor switches per call that each look up the task's executor preference under a
        // lock, while `call` already runs on its caller's executor.
        return try await _unsafeInheritExecutor_withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Message, any Error>) in
                let deadline = MonotonicClock.seconds() + seconds
                let outcome: Result<Bool, DBusConnectionError> = state.withLock {
                    if let closeReason { return .failure(.disconnected(reason: closeReason)) }
                    pending.insert(PendingCall(
                        serial: serial, continuation: continuation, deadline: deadline,
                        interface: message.interface, member: message.member, timeout: seconds))
                    do throws(DBusConnectionError) {
                        let wake = try enqueueLocked(frame, template: newTemplate) || deadline < pollDeadline
                        return .success(wake && !isOnIOThread)
                    } catch {
                        _ = pending.remove(serial: serial)
                        return .failure(error)
                    }
                }
                switch outcome {
                case .success(let wake):
                    if wake { wakeIOThread() }
                    if Task.isCancelled { fail(serial: serial, with: CancellationError()) }
                case .failure(let error):
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            self.fail(serial: serial, with: CancellationError())
        }
    }

    /// Sends a call made on the I/O thread itself (a task preferring `executor`, or a handler).
    /// When nothing else needs the thread, it then waits in poll() for the reply rather than
    /// suspending the task, as a blocking client library does: a quick reply costs no
    /// continuation, no job, no executor switch and no cancellation handler. Anything else the
    /// loop would wake up for (another message, a job, a write or close from another thread, an
    /// earlier deadline, a partial read) ends the wait, and so does `inlineWaitLimit`; the call
    /// then suspends as any other does, and fails there if its task was cancelled meanwhile.
    /// - Returns: the outcome if the reply came; nil if the call is pending (`awaitReply`).
    private func sendFromIOThread(
        _ frame: OutgoingFrame, template: HeaderTemplate?, serial: UInt32, message: Message, seconds: Double
    ) throws(DBusConnectionError) -> Result<Message, any Error>? {
        let now = MonotonicClock.seconds()
        let waitUntil = try state.withLock { () throws(DBusConnectionError) -> Double? in
            if let closeReason { throw .disconnected(reason: closeReason) }
            let othersDue = pending.earliestDeadline
            pending.insert(PendingCall(
                serial: serial, continuation: nil, deadline: now + seconds,
                interface: message.interface, member: message.member, timeout: seconds))
            do throws(DBusConnectionError) {
                _ = try enqueueLocked(frame, template: template)
            } catch {
                _ = pending.remove(serial: serial)
                throw error
            }
            return inlineWaitDeadlineLocked(min(now + seconds, othersDue, now + Self.inlineWaitLimit))
        }
        guard let waitUntil else { return nil }
        inlineSerial = serial
        defer { inlineSerial = 0 }
        readInline(now: now, until: waitUntil)
        return inlineOutcome.take()
    }

    /// Whether the I/O thread may wait inline for input until `deadline` (caller holds
    /// `state`): not while any output is still queued (the loop writes it) or reading is paused.
    /// The deadline becomes the poll deadline that other threads compare theirs with, so a call
    /// that must time out sooner wakes the wait as it would wake the loop.
    private func inlineWaitDeadlineLocked(_ deadline: Double) -> Double? {
        guard outgoingHead == outgoing.count, !readingPaused else { return nil }
        pollDeadline = deadline
        return deadline
    }

    /// Waits in poll() on the I/O thread, until `waitUntil` at most, for input on the socket,
    /// then reads and routes it. Returns at once if executor jobs are waiting, and without
    /// reading if the wake-up pipe fires (that is for the loop: a job, a write, a close).
    private func readInline(now: Double, until waitUntil: Double) {
        guard deferredFailure == nil, !hasWaitingJobs() else { return }
        let timeout = PollTimeout.milliseconds(waitUntil - now)
        let ready = withUnsafeTemporaryAllocation(of: pollfd.self, capacity: 2) { set in
            set[0] = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            set[1] = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
            return poll(set.baseAddress!, 2, timeout) > 0 && set[0].revents != 0 && set[1].revents == 0
        }
        guard ready else { return }
        if let failure = readAvailable() { deferredFailure = failure }
    }

    /// For the dispatcher, on the I/O thread, when no message is queued: waits inline for the
    /// next one, as `sendFromIOThread` does for a reply, so that a busy peer's next call costs
    /// no continuation and no job.
    private func readNextInline() {
        guard isOnIOThread else { return }
        let now = MonotonicClock.seconds()
        let waitUntil = state.withLock { closeReason == nil ? inlineWaitDeadlineLocked(pending.earliestDeadline) : nil }
        if let waitUntil { readInline(now: now, until: waitUntil) }
    }

    /// Whether executor jobs wait for the I/O thread.
    private func hasWaitingJobs() -> Bool {
        guard #available(macOS 15.0, *), let storage = executorStorage else { return false }
        return unsafeDowncast(storage, to: ConnectionExecutor.self).hasWaitingJobs
    }

    /// Suspends until the reply to a call that `sendFromIOThread` left pending.
    nonisolated(nonsending) private func awaitReply(serial: UInt32) async throws -> Message {
        try await _unsafeInheritExecutor_withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Message, any Error>) in
                let settled: Result<Message, any Error>? = state.withLock {
                    if pending.attach(continuation, serial: serial) { return nil }
                    return orphanOutcomes.removeValue(forKey: serial) ?? .failure(CancellationError())
                }
                if let settled {
                    continuation.resume(with: settled)
                } else if Task.isCancelled {
                    fail(serial: serial, with: CancellationError())
                }
            }
        } onCancel: {
            self.fail(serial: serial, with: CancellationError())
        }
    }

    /// Hands `outcome` to a call taken out of `pending` (I/O thread).
    private func resolve(_ call: PendingCall, with outcome: consuming Result<Message, any Error>) {
        if let continuation = call.continuation {
            continuation.resume(with: outcome)
        } else if call.serial == inlineSerial {
            inlineOutcome = consume outcome
        } else {
            state.withLock { orphanOutcomes[call.serial] = outcome }
        }
    }

    /// Emits a signal from the object at `path`.
    public func emitSignal(
        path: ObjectPath, interface: InterfaceName, member: MemberName, body: MessageBody = MessageBody(),
        destination: BusName? = nil
    ) async throws(DBusConnectionError) {
        try await send(.signal(path: path, interface: interface, member: member, destination: destination, body: body))
    }

    private func takeSerial() -> UInt32 {
        state.withLock { takeSerialLocked() }
    }

    private func takeSerialLocked() -> UInt32 {
        let serial = nextSerial
        nextSerial = nextSerial == UInt32.max ? 1 : nextSerial + 1
        return serial
    }

    /// The next serial and the header last sent, unless more than `writeQueueLimit` bytes are
    /// queued: one lock, and no async frame, in the common case where nothing waits.
    private func takeSerialIfWritable() -> (UInt32, HeaderTemplate?)? {
        state.withLock {
            guard outgoingBytes <= Self.writeQueueLimit || closeReason != nil else { return nil }
            return (takeSerialLocked(), lastHeader)
        }
    }

    /// Waits until the write queue has room, then takes the next serial.
    nonisolated(nonsending) private func takeSerialAfterWaiting() async -> (UInt32, HeaderTemplate?) {
        await waitForWriteSpace()
        return (takeSerial(), nil)
    }

    /// The frame for `message`, its header copied from `template` if they match.
    /// - Returns: the frame and the template of its header (nil for a parsed message).
    private func frame(_ message: Message, serial: UInt32, template: HeaderTemplate?) throws(DBusConnectionError) -> (OutgoingFrame, HeaderTemplate?) {
        if !message.fds.isEmpty && !canPassFDs { throw .fdPassingNotNegotiated }
        do throws(DBusWireError) {
            let (header, template) = try message.serializedHeader(serial: serial, reusing: template)
            return (OutgoingFrame(header: header, body: message.bodyStorage, bodyRange: message.bodyRange, fds: message.fds), template)
        } catch {
            throw .cannotSend(error)
        }
    }

    private func enqueue(_ frame: OutgoingFrame, template: HeaderTemplate?) throws(DBusConnectionError) {
        let result = state.withLock { () -> Result<Bool, DBusConnectionError> in
            do throws(DBusConnectionError) {
                return .success(try enqueueLocked(frame, template: template) && !isOnIOThread)
            } catch {
                return .failure(error)
            }
        }
        if try result.get() { wakeIOThread() }
    }

    /// Writes inline if nothing is queued and the socket takes it; queues the rest. Keeps
    /// `template` (if any) for the next message sent.
    /// - Returns: whether the I/O thread must be woken to write the queue.
    private func enqueueLocked(_ frame: OutgoingFrame, template: HeaderTemplate?) throws(DBusConnectionError) -> Bool {
        if let closeReason { throw .disconnected(reason: closeReason) }
        if let template, lastHeader !== template { lastHeader = template }
        let wasEmpty = outgoingHead == outgoing.count
        var written = 0
        if wasEmpty && started {
            if case .failure(let error) = write(frame, written: &written) {
                throw .disconnected(reason: "write failed: \(error)")
            }
            if written == frame.count { return false }
        }
        var rest = frame
        rest.written = written
        if written > 0 { rest.fds = [] }  // Sent with the first byte; our copies may close.
        outgoingBytes += rest.remaining
        outgoing.append(rest)
        return wasEmpty
    }

    /// One non-blocking write attempt for `frame` from byte `written` on, which it advances;
    /// fds go with the first byte.
    private func write(_ frame: borrowing OutgoingFrame, written: inout Int) -> Result<Void, SystemError> {
        let total = frame.count
        while written < total {
            let fds = written == 0 && !frame.fds.isEmpty ? frame.fds.compactMap { $0.rawValue } : []
            let sent = frame.withUnwrittenBytes(from: written) { first, second in
                FDPassing.send(socket, first, second, fds: fds)
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { return .success(()) }
                return .failure(SystemError("write to the D-Bus socket"))
            }
            written += sent
        }
        return .success(())
    }

    nonisolated(nonsending) private func waitForWriteSpace() async {
        let full = state.withLock { outgoingBytes > Self.writeQueueLimit && closeReason == nil }
        guard full else { return }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let resumeNow = state.withLock {
                if outgoingBytes <= Self.writeQueueLimit || closeReason != nil { return true }
                writeWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func fail(serial: UInt32, with error: any Error) {
        let continuation = state.withLock { () -> UnsafeContinuation<Message, any Error>? in
            guard let call = pending.remove(serial: serial) else { return nil }
            if call.continuation == nil { orphanOutcomes[serial] = .failure(error) }
            return call.continuation
        }
        continuation?.resume(throwing: error)
    }

    // MARK: Closing

    /// Closes the connection: pending calls fail, signal streams finish, fds are closed.
    public func close() {
        let wasStarted = state.withLock {
            if closeReason == nil { closeReason = "closed locally" }
            closing = true
            if !tornDown { shutdown(socket, Int32(SHUT_RDWR)) }
            return started
        }
        if wasStarted {
            wakeIOThread()
        } else {
            start()  // The I/O thread performs the cleanup.
        }
    }

    /// Bytes queued for writing and not yet taken by the kernel (for monitoring back-pressure:
    /// senders wait while this exceeds `writeQueueLimit`).
    public var pendingWriteBytes: Int { state.withLock { outgoingBytes } }

    /// Whether the connection has been closed (locally or by the peer).
    public var isClosed: Bool { state.withLock { closeReason != nil } }

    private func wakeIOThread() {
        state.withLock {
            guard !tornDown else { return }
            var byte: UInt8 = 1
            _ = SocketCalls.writeByte(wakeWrite, &byte)
        }
    }

    private func resumeReading() {
        let wasPaused = state.withLock {
            defer { readingPaused = false }
            return readingPaused
        }
        if wasPaused { wakeIOThread() }
    }

    // MARK: I/O thread

    private func runIOLoop() {
        var failure: String?
        // Allocated once: the loop runs per message and must not allocate per turn.
        let pollSet = UnsafeMutablePointer<pollfd>.allocate(capacity: 2)
        let drain = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 1)
        defer {
            pollSet.deallocate()
            drain.deallocate()
        }
        IOThreadOwner.set(self)
        defer { IOThreadOwner.set(nil) }
        if #available(macOS 15.0, *) { executor.attachCurrentThread() }
        while failure == nil {
            if let deferredFailure {
                failure = deferredFailure
                break
            }
            // Before sleeping in poll(), deliver what is already buffered: nothing would wake us for it.
            if let stuck = routeBufferedMessages() {
                failure = stuck
                break
            }
            let moreJobs = runExecutorJobs()
            let now = MonotonicClock.seconds()
            let (events, timeout, stop, expired) = state.withLock { () -> (Int16, Int32, Bool, [PendingCall]) in
                var events: Int16 = 0
                if !readingPaused { events |= Int16(POLLIN) }
                if outgoingHead < outgoing.count { events |= Int16(POLLOUT) }
                var earliest = pending.earliestDeadline
                let expired = earliest <= now ? pending.removeExpired(at: now) : []
                if !expired.isEmpty { earliest = pending.earliestDeadline }
                pollDeadline = earliest
                var timeout = PollTimeout.milliseconds(earliest - now)
                if moreJobs || !expired.isEmpty { timeout = 0 }
                return (events, timeout, closing, expired)
            }
            for call in expired {
                resolve(call, with: .failure(DBusConnectionError.timedOut(member: call.qualifiedMember, seconds: call.timeout)))
            }
            if stop { break }
            pollSet[0] = pollfd(fd: socket, events: events, revents: 0)
            pollSet[1] = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
            let ready = poll(pollSet, 2, timeout)
            let fds = UnsafeBufferPointer(start: pollSet, count: 2)
            if ready < 0 && errno != EINTR {
                failure = "\(SystemError("poll"))"
                break
            }
            if fds[1].revents != 0 {
                while read(wakeRead, drain, 256) > 0 {}
            }
            if fds[0].revents & Int16(POLLOUT) != 0 || (fds[0].revents != 0 && events & Int16(POLLOUT) != 0) {
                failure = flushOutgoing()
            }
            if failure == nil && fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 && events & Int16(POLLIN) != 0 {
                failure = readAvailable()
            } else if failure == nil && fds[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                failure = "the peer closed the connection"
            }
        }
        tearDown(reason: failure)
        if #available(macOS 15.0, *) { executor.detach() }
    }

    /// Writes queued frames until the socket is full. Returns a failure description.
    private func flushOutgoing() -> String? {
        let (failure, waiters): (String?, [UnsafeContinuation<Void, Never>]) = state.withLock {
            while outgoingHead < outgoing.count {
                let before = outgoing[outgoingHead].written
                var written = before
                let result = write(outgoing[outgoingHead], written: &written)
                outgoing[outgoingHead].written = written
                if written > 0 { outgoing[outgoingHead].fds = [] }  // Sent with the first byte.
                outgoingBytes -= written - before
                if case .failure(let error) = result { return ("write failed: \(error)", []) }
                if outgoing[outgoingHead].remaining > 0 { break }
                outgoing[outgoingHead] = OutgoingFrame(header: [], fds: [])
                outgoingHead += 1
            }
            if outgoingHead == outgoing.count {
                outgoing.removeAll(keepingCapacity: true)
                outgoingHead = 0
            }
            guard outgoingBytes <= Self.writeQueueLimit / 2 else { return (nil, []) }
            defer { writeWaiters = [] }
            return (nil, writeWaiters)
        }
        for waiter in waiters { waiter.resume() }
        return failure
    }

    /// Reads what the socket has and routes every complete message. Returns a failure description.
    private func readAvailable() -> String? {
        for _ in 0..<64 {  // Bounded, so writes and timeouts get their turn.
            let count = framer.read(from: socket)
            if count == 0 { return "the peer closed the connection" }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
                return "read failed: \(SystemError("read from the D-Bus socket"))"
            }
            if !framer.fds.isEmpty {
                unclaimedFDs += framer.takeFDs(framer.fds.count).map { UnixFD(taking: $0) }
                if !canPassFDs || unclaimedFDs.count > Self.maximumUnclaimedFDs {
                    return "the peer sent \(unclaimedFDs.count) file descriptors that no message claims"
                }
            }
            if let failure = routeBufferedMessages() { return failure }
            if framer.lastReadWasShort || readingIsPaused() { return nil }
        }
        return nil
    }

    /// Routes every complete message the framer holds, until reading is paused. Messages can be
    /// buffered without the socket being readable: the bytes a peer sent right after the SASL
    /// BEGIN, and what was left when the incoming queue filled up. Returns a failure description.
    private func routeBufferedMessages() -> String? {
        while !readingIsPaused() {
            let bytes: [UInt8]?
            do throws(DBusWireError) { bytes = try framer.nextMessage() } catch {
                return "\(DBusConnectionError.protocolViolation(error))"
            }
            guard let bytes else { return nil }
            let message: Message
            do throws(DBusWireError) {
                message = try parser.parse(bytes: bytes, fds: unclaimedFDs)
            } catch {
                return "\(DBusConnectionError.protocolViolation(error))"
            }
            unclaimedFDs.removeFirst(message.fds.count)
            route(message)
        }
        return nil
    }

    private func route(_ message: consuming Message) {
        switch message.type {
        case .methodReturn, .error:
            guard let replySerial = message.replySerial else { return }
            let call = state.withLock { pending.remove(serial: replySerial) }
            guard let call else { return }  // A late reply to a call that timed out or was cancelled.
            if message.type == .error, let error = message.dbusError {
                resolve(call, with: .failure(error))
            } else {
                resolve(call, with: .success(consume message))
            }
        case .methodCall, .signal:
            let (_, full) = incoming.push(consume message)
            if full {
                state.withLock { readingPaused = true }
                pausedAsSeen = true
            }
        }
    }

    /// Whether reading is paused (I/O thread only): takes the lock only while it was paused.
    private func readingIsPaused() -> Bool {
        if pausedAsSeen { pausedAsSeen = state.withLock { readingPaused } }
        return pausedAsSeen
    }

    private func tearDown(reason failure: String?) {
        let (calls, waiters, subscriptions, reason): ([PendingCall], [UnsafeContinuation<Void, Never>], [SignalSubscription], String) =
            state.withLock {
                if closeReason == nil { closeReason = failure ?? "closed" }
                closing = true
                let calls = pending.removeAll()
                outgoing = []
                outgoingHead = 0
                outgoingBytes = 0
                let waiters = writeWaiters
                writeWaiters = []
                let subscriptions = Array(self.subscriptions.values)
                self.subscriptions = [:]
                return (calls, waiters, subscriptions, closeReason!)
            }
        unclaimedFDs = []
        framer = MessageFramer()
        for call in calls { resolve(call, with: .failure(DBusConnectionError.disconnected(reason: reason))) }
        for waiter in waiters { waiter.resume() }
        for subscription in subscriptions { subscription.queue.finish() }
        incoming.finish(discarding: true)
        state.withLock {
            tornDown = true
            SocketCalls.closeDescriptor(socket)
            SocketCalls.closeDescriptor(wakeRead)
            SocketCalls.closeDescriptor(wakeWrite)
        }
    }

    // MARK: Dispatcher

    nonisolated(nonsending) private func runDispatcher() async {
        while true {
            var next = incoming.takeIfAvailable()
            if next == nil {
                readNextInline()
                next = incoming.takeIfAvailable()
            }
            if next == nil { next = await incoming.nextUncancellable() }
            guard let message = next.take() else { return }
            let type = message.type
            if type == .methodCall {
                await objects.dispatch(consume message, on: self)
            } else if type == .signal {
                await deliverSignal(message)
            }
        }
    }

    /// Replies to `call` unless it asked for no reply.
    nonisolated(nonsending) func reply(_ reply: Message, to call: Message) async {
        guard !call.flags.contains(.noReplyExpected) else { return }
        _ = try? await send(reply)
    }
}

extension BusName {
    static let bus: BusName = "org.freedesktop.DBus"
}

extension ObjectPath {
    static let bus: ObjectPath = "/org/freedesktop/DBus"
}

extension InterfaceName {
    static let bus: InterfaceName = "org.freedesktop.DBus"
}
