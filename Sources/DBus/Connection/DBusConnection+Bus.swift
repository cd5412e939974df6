/// Flags for RequestName ("org.freedesktop.DBus.RequestName" in the specification).
public struct RequestNameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Let a later requester with `replaceExisting` take the name from us.
    public static let allowReplacement = RequestNameFlags(rawValue: 0x1)
    /// Take the name from its owner if the owner allowed replacement.
    public static let replaceExisting = RequestNameFlags(rawValue: 0x2)
    /// Fail instead of waiting in the queue when the name is owned.
    public static let doNotQueue = RequestNameFlags(rawValue: 0x4)
}

/// The outcome of RequestName.
public enum RequestNameReply: UInt32, Sendable, Hashable {
    case primaryOwner = 1
    case inQueue = 2
    case exists = 3
    case alreadyOwner = 4
}

/// The outcome of ReleaseName.
public enum ReleaseNameReply: UInt32, Sendable, Hashable {
    case released = 1
    case nonExistent = 2
    case notOwner = 3
}

/// The message bus's own methods, typed.
extension DBusConnection {
    private func callBus(_ member: MemberName, _ body: MessageBody = MessageBody()) async throws -> Message {
        try await call(destination: .bus, path: .bus, interface: .bus, member: member, body: body)
    }

    /// Asks the bus for `name`.
    public func requestName(_ name: BusName, flags: RequestNameFlags = []) async throws -> RequestNameReply {
        let code = try await callBus("RequestName", MessageBody(name.rawValue, flags.rawValue)).decodeBody(as: UInt32.self)
        guard let reply = RequestNameReply(rawValue: code) else {
            throw DBusConnectionError.unexpectedReply("RequestName returned unknown code \(code)")
        }
        return reply
    }

    /// Gives up `name` (or our place in its queue).
    public func releaseName(_ name: BusName) async throws -> ReleaseNameReply {
        let code = try await callBus("ReleaseName", MessageBody(name.rawValue)).decodeBody(as: UInt32.self)
        guard let reply = ReleaseNameReply(rawValue: code) else {
            throw DBusConnectionError.unexpectedReply("ReleaseName returned unknown code \(code)")
        }
        return reply
    }

    /// The unique name owning `name`.
    /// - Throws: `DBusError` `org.freedesktop.DBus.Error.NameHasNoOwner` when nobody owns it.
    public func getNameOwner(_ name: BusName) async throws -> BusName {
        try BusName(try await callBus("GetNameOwner", MessageBody(name.rawValue)).decodeBody(as: String.self))
    }

    /// The unique names queued for `name`, the primary owner first.
    public func listQueuedOwners(_ name: BusName) async throws -> [BusName] {
        try await callBus("ListQueuedOwners", MessageBody(name.rawValue)).decodeBody(as: [String].self).map { try BusName($0) }
    }

    /// Whether anybody owns `name`.
    public func nameHasOwner(_ name: BusName) async throws -> Bool {
        try await callBus("NameHasOwner", MessageBody(name.rawValue)).decodeBody(as: Bool.self)
    }

    /// Every name on the bus.
    public func listNames() async throws -> [String] {
        try await callBus("ListNames").decodeBody(as: [String].self)
    }

    /// A change of owner reported by NameOwnerChanged; an empty owner is nil.
    public struct NameOwnerChange: Sendable, Hashable {
        public var name: String
        public var oldOwner: BusName?
        public var newOwner: BusName?

        public init(name: String, oldOwner: BusName?, newOwner: BusName?) {
            self.name = name
            self.oldOwner = oldOwner
            self.newOwner = newOwner
        }
    }

    /// NameOwnerChanged signals, optionally for one name only (matched with arg0).
    public func nameOwnerChanges(for name: BusName? = nil) async throws -> some AsyncSequence<NameOwnerChange, Never> {
        var rule = MatchRule(sender: .bus, interface: .bus, member: "NameOwnerChanged", path: .bus)
        if let name { rule = rule.matchingArgument(0, name.rawValue) }
        let stream = try await signals(matching: rule)
        return stream.compactMap { message -> NameOwnerChange? in
            guard let (name, old, new) = try? message.decodeBody(as: String.self, String.self, String.self) else { return nil }
            return NameOwnerChange(
                name: name, oldOwner: old.isEmpty ? nil : try? BusName(old), newOwner: new.isEmpty ? nil : try? BusName(new))
        }
    }
}
