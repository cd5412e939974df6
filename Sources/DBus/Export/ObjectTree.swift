/// The exported objects of one connection: a map from object path to the interfaces
/// registered there, plus fallback subtrees and ObjectManager roots.
final class ObjectTree: @unchecked Sendable {
    struct Node {
        var interfaces: [InterfaceName: any DBusExportedInterface] = [:]
        /// A fallback node also receives calls for paths below it that have no node of their own.
        var isFallback = false
        var isObjectManager = false
        var isEmpty: Bool { interfaces.isEmpty && !isObjectManager }
    }

    private let lock = Lock()
    // Guarded by `lock` (hence no run-time exclusivity check).
    @exclusivity(unchecked) private var nodes: [ObjectPath: Node] = [:] {
        didSet { lastLookup = nil }
    }
    /// The last answer of `node(for:)`: calls tend to go to the same object, and its path (from
    /// the connection's `MessageParser`) is then the same String, which compares at once.
    @exclusivity(unchecked) private var lastLookup: (path: ObjectPath, node: Node?)?

    func add(_ object: any DBusExportedInterface, at path: ObjectPath, fallback: Bool) throws(DBusError) {
        let name = type(of: object).interfaceName
        let added = lock.withLock {
            var node = nodes[path] ?? Node()
            guard node.interfaces[name] == nil else { return false }
            node.interfaces[name] = object
            node.isFallback = node.isFallback || fallback
            nodes[path] = node
            return true
        }
        guard added else {
            throw DBusError(name: .objectPathInUse, message: "An object is already exported for interface \(name) at \(path)")
        }
    }

    func remove(_ name: InterfaceName, at path: ObjectPath) -> Bool {
        lock.withLock {
            guard var node = nodes[path], node.interfaces.removeValue(forKey: name) != nil else { return false }
            nodes[path] = node.isEmpty ? nil : node
            return true
        }
    }

    func addObjectManager(at path: ObjectPath) {
        lock.withLock {
            var node = nodes[path] ?? Node()
            node.isObjectManager = true
            nodes[path] = node
        }
    }

    /// The node handling `path`: its own, else the nearest fallback ancestor.
    func node(for path: ObjectPath) -> Node? {
        lock.withLock {
            if let lastLookup, lastLookup.path == path { return lastLookup.node }
            let node = lookUp(path)
            lastLookup = (path, node)
            return node
        }
    }

    /// `node(for:)` without the cache (caller holds `lock`).
    private func lookUp(_ path: ObjectPath) -> Node? {
        if let node = nodes[path], !node.interfaces.isEmpty || node.isObjectManager { return node }
        var current = path.rawValue
        while current != "/" {
            let cut = current.lastIndex(of: "/")!
            current = cut == current.startIndex ? "/" : String(current[..<cut])
            if let node = nodes[ObjectPath(stringLiteral: current)], node.isFallback { return node }
        }
        return nil
    }

    /// Names of the direct children of `path` that lead to exported objects.
    func children(of path: ObjectPath) -> [String] {
        let prefix = path.rawValue == "/" ? "/" : path.rawValue + "/"
        return lock.withLock {
            var names = Set<String>()
            for candidate in nodes.keys where candidate.rawValue.hasPrefix(prefix) && candidate != path {
                let rest = candidate.rawValue.dropFirst(prefix.count)
                if let first = rest.split(separator: "/").first { names.insert(String(first)) }
            }
            return names.sorted()
        }
    }

    /// Every exported object strictly below `root`, for GetManagedObjects.
    func objects(below root: ObjectPath) -> [(ObjectPath, [any DBusExportedInterface])] {
        let prefix = root.rawValue == "/" ? "/" : root.rawValue + "/"
        return lock.withLock {
            nodes.filter { $0.key.rawValue.hasPrefix(prefix) && $0.key != root && !$0.value.interfaces.isEmpty }
                .sorted { $0.key < $1.key }
                .map { ($0.key, $0.value.interfaces.values.sorted { type(of: $0).interfaceName < type(of: $1).interfaceName }) }
        }
    }

    /// The nearest ObjectManager at or above `path`, if any.
    func objectManager(above path: ObjectPath) -> ObjectPath? {
        lock.withLock {
            var current = path.rawValue
            while true {
                let cut = current.lastIndex(of: "/")!
                current = cut == current.startIndex ? "/" : String(current[..<cut])
                if nodes[ObjectPath(stringLiteral: current)]?.isObjectManager == true { return ObjectPath(stringLiteral: current) }
                if current == "/" { return nil }
            }
        }
    }
}
