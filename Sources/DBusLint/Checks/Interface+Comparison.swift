internal import DBusIntrospection

extension Interface {
    /// This interface plus the members of another variant of it that it lacks (by kind and name).
    func union(_ other: Interface) -> Interface {
        var result = self
        let methods = Set(self.methods.map(\.name.value))
        let signals = Set(self.signals.map(\.name.value))
        let properties = Set(self.properties.map(\.name.value))
        result.methods += other.methods.filter { !methods.contains($0.name.value) }
        result.signals += other.signals.filter { !signals.contains($0.name.value) }
        result.properties += other.properties.filter { !properties.contains($0.name.value) }
        return result
    }
}

extension Interface {
    /// Equal members, types, directions and access, ignoring locations and documentation.
    func hasSameAPI(as other: Interface) -> Bool {
        APIDiff.changes(from: Node(name: nil, interfaces: [self], location: location),
                        to: Node(name: nil, interfaces: [other], location: other.location), newFile: other.location.file)
            .allSatisfy { $0.code == "argument-name-changed" || $0.code == "deprecated" }
    }
}
