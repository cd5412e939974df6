internal import DBusIntrospection

/// Where an interface sits in the document, for object-path rules.
struct LocatedInterface {
    let interface: Interface
    /// The node that holds it.
    let node: Node
    /// The node's absolute path when the document gives one (root `name` plus child names).
    let path: String?
}

extension Node {
    /// Every interface with its node, depth first, with absolute paths where known.
    func locatedInterfaces(parentPath: String? = nil, isRoot: Bool = true) -> [LocatedInterface] {
        var path: String?
        if let name = name?.value {
            if isRoot {
                path = name.hasPrefix("/") ? name : nil
            } else if let parentPath {
                path = parentPath == "/" ? "/\(name)" : "\(parentPath)/\(name)"
            }
        }
        return interfaces.map { LocatedInterface(interface: $0, node: self, path: path) }
            + children.flatMap { $0.locatedInterfaces(parentPath: path, isRoot: false) }
    }

    /// This node and all descendants with whether each is the root.
    func allNodes(isRoot: Bool = true) -> [(node: Node, isRoot: Bool)] {
        [(self, isRoot)] + children.flatMap { $0.allNodes(isRoot: false) }
    }
}
