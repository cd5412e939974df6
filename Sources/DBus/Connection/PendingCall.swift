/// A method call waiting for its reply.
///
/// The continuation is an unsafe (unchecked) one, as a checked one allocates per call. It is
/// resumed exactly once: whoever resumes it (reply, error, timeout, cancellation, disconnection)
/// first removes the call from the connection's `pending` table under its lock.
///
/// A call made on the connection's I/O thread first waits for its reply without suspending
/// (see `DBusConnection.call`), and has no continuation until it falls back to suspending.
/// Whoever removes such a call leaves the outcome where that call looks for it.
struct PendingCall {
    let serial: UInt32
    var continuation: UnsafeContinuation<Message, any Error>?
    /// Monotonic seconds; the I/O thread fails the call after it.
    var deadline: Double
    /// For the timeout error; joined into `interface.member` only if the call times out.
    var interface: InterfaceName?
    var member: MemberName?
    var timeout: Double

    /// `interface.member`, as the timeout error names the call.
    var qualifiedMember: String {
        [interface?.rawValue, member?.rawValue].compactMap { $0 }.joined(separator: ".")
    }
}

/// The calls waiting for replies on one connection, by serial.
///
/// A sequential client has one call pending, a busy one a few: the first `inlineLimit` live in a
/// small array searched front to back (oldest first, as replies mostly arrive in order), which
/// costs less per call than hashing the serial. Calls beyond that go to a dictionary, so many
/// concurrent calls do not make every reply a long scan.
struct PendingCalls {
    static let inlineLimit = 8

    private var recent: [PendingCall] = []
    private var overflow: [UInt32: PendingCall] = [:]

    init() {
        recent.reserveCapacity(Self.inlineLimit)
    }

    mutating func insert(_ call: consuming PendingCall) {
        if recent.count < Self.inlineLimit {
            recent.append(call)
        } else {
            overflow[call.serial] = call
        }
    }

    /// Removes and returns the call waiting for the reply to `serial`, if any.
    mutating func remove(serial: UInt32) -> PendingCall? {
        for index in recent.indices where recent[index].serial == serial {
            return recent.remove(at: index)
        }
        return overflow.isEmpty ? nil : overflow.removeValue(forKey: serial)
    }

    /// Gives the call for `serial` the continuation to resume.
    /// - Returns: false when the call is no longer pending.
    mutating func attach(_ continuation: UnsafeContinuation<Message, any Error>, serial: UInt32) -> Bool {
        for index in recent.indices where recent[index].serial == serial {
            recent[index].continuation = continuation
            return true
        }
        guard overflow[serial] != nil else { return false }
        overflow[serial]!.continuation = continuation
        return true
    }

    /// The earliest deadline, or infinity when nothing is pending.
    var earliestDeadline: Double {
        var earliest = Double.infinity
        for call in recent where call.deadline < earliest { earliest = call.deadline }
        for call in overflow.values where call.deadline < earliest { earliest = call.deadline }
        return earliest
    }

    /// Removes and returns the calls whose deadline is `now` or earlier.
    mutating func removeExpired(at now: Double) -> [PendingCall] {
        var expired: [PendingCall] = []
        recent.removeAll { call in
            guard call.deadline <= now else { return false }
            expired.append(call)
            return true
        }
        for (serial, call) in overflow where call.deadline <= now {
            overflow[serial] = nil
            expired.append(call)
        }
        return expired
    }

    /// Removes and returns every call.
    mutating func removeAll() -> [PendingCall] {
        defer {
            recent.removeAll(keepingCapacity: true)
            overflow = [:]
        }
        return recent + overflow.values
    }
}
