public import DBusIntrospection

/// Compares two revisions of the same interfaces. An interface keeps its name only while it keeps
/// its API: the guidelines (API versioning) ask for a new major version for every incompatible
/// change, so any break on an interface whose name is unchanged is reported.
public enum APIDiff {
    public static func changes(from old: Node?, to new: Node?, newFile: String) -> [APIChange] {
        let oldInterfaces = old?.allInterfaces ?? []
        let newInterfaces = new?.allInterfaces ?? []
        let newByName = Dictionary(newInterfaces.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        let oldNames = Set(oldInterfaces.map(\.name.value))
        let fileLocation = new?.location ?? SourceLocation(file: newFile, line: 1, column: 1)
        var result: [APIChange] = []
        var seen: Set<String> = []
        for oldInterface in oldInterfaces where seen.insert(oldInterface.name.value).inserted {
            let name = oldInterface.name.value
            guard let newInterface = newByName[name] else {
                if let successor = newInterfaces.first(where: { !oldNames.contains($0.name.value) && unversioned($0.name.value) == unversioned(name) }) {
                    result.append(APIChange(isBreaking: false, code: "interface-removed",
                                             message: "interface '\(name)' was replaced by '\(successor.name.value)' (new major version)",
                                             location: successor.name.location, symbol: name))
                } else {
                    result.append(APIChange(isBreaking: true, code: "interface-removed", message: "interface '\(name)' was removed",
                                             location: fileLocation, symbol: name))
                }
                continue
            }
            result += InterfaceDiff(old: oldInterface, new: newInterface).changes()
        }
        for newInterface in newInterfaces where !oldNames.contains(newInterface.name.value) && seen.insert(newInterface.name.value).inserted {
            result.append(APIChange(isBreaking: false, code: "interface-added", message: "interface '\(newInterface.name.value)' was added",
                                     location: newInterface.name.location, symbol: newInterface.name.value))
        }
        return result
    }

    /// `org.example.Foo2.Bar` -> `org.example.Foo.Bar`: the name without major versions.
    static func unversioned(_ name: String) -> String {
        name.split(separator: ".").map { element in
            var element = Substring(element)
            while element.last?.isNumber == true { element = element.dropLast() }
            return String(element)
        }.joined(separator: ".")
    }
}

/// The member-by-member comparison of one interface present in both revisions.
private struct InterfaceDiff {
    let old: Interface
    let new: Interface
    var found: [APIChange] = []

    init(old: Interface, new: Interface) {
        self.old = old
        self.new = new
    }

    func changes() -> [APIChange] {
        var diff = self
        diff.compareMembers(kind: "method", old: old.methods.map(Member.init), new: new.methods.map(Member.init))
        diff.compareMembers(kind: "signal", old: old.signals.map(Member.init), new: new.signals.map(Member.init))
        diff.compareProperties()
        return diff.found
    }

    private mutating func report(_ breaking: Bool, _ code: String, _ message: String, at location: SourceLocation, _ symbol: String) {
        found.append(APIChange(isBreaking: breaking, code: code, message: "\(new.name.value): \(message)", location: location, symbol: symbol))
    }

    private mutating func compareMembers(kind: String, old oldMembers: [Member], new newMembers: [Member]) {
        let newByName = Dictionary(newMembers.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        let oldNames = Set(oldMembers.map(\.name.value))
        for oldMember in oldMembers {
            let symbol = "\(new.name.value).\(oldMember.name.value)"
            guard let newMember = newByName[oldMember.name.value] else {
                report(true, "\(kind)-removed", "\(kind) '\(oldMember.name.value)' was removed", at: new.name.location, symbol)
                continue
            }
            compareArguments(kind: kind, oldMember, newMember, symbol: symbol)
            compareDeprecation(kind: kind, oldMember.annotations, newMember.annotations, name: oldMember.name.value, at: newMember.location, symbol)
        }
        for newMember in newMembers where !oldNames.contains(newMember.name.value) {
            report(false, "\(kind)-added", "\(kind) '\(newMember.name.value)' was added", at: newMember.name.location,
                   "\(new.name.value).\(newMember.name.value)")
        }
    }

    private mutating func compareArguments(kind: String, _ oldMember: Member, _ newMember: Member, symbol: String) {
        let name = oldMember.name.value
        let count = max(oldMember.arguments.count, newMember.arguments.count)
        for index in 0..<count {
            let oldArgument = index < oldMember.arguments.count ? oldMember.arguments[index] : nil
            let newArgument = index < newMember.arguments.count ? newMember.arguments[index] : nil
            let label = "\(kind) '\(name)' argument \(index + 1)"
            switch (oldArgument, newArgument) {
            case (let oldArgument?, let newArgument?):
                if oldArgument.direction != newArgument.direction {
                    report(true, "argument-direction-changed-\(oldArgument.direction.rawValue)-\(newArgument.direction.rawValue)",
                           "\(label) changed direction from \(oldArgument.direction.rawValue) to \(newArgument.direction.rawValue)",
                           at: newArgument.location, symbol)
                } else if oldArgument.type.value != newArgument.type.value {
                    report(true, "argument-type-changed", "\(label) ('\(newArgument.name?.value ?? "unnamed")') changed type from '\(oldArgument.type.value)' to '\(newArgument.type.value)'",
                           at: newArgument.type.location, symbol)
                } else if oldArgument.name?.value != newArgument.name?.value {
                    report(false, "argument-name-changed", "\(label) was renamed from '\(oldArgument.name?.value ?? "")' to '\(newArgument.name?.value ?? "")'",
                           at: newArgument.location, symbol)
                }
            case (let oldArgument?, nil):
                report(true, "argument-removed", "\(label) ('\(oldArgument.name?.value ?? "unnamed")', \(oldArgument.direction.rawValue) '\(oldArgument.type.value)') was removed",
                       at: newMember.location, symbol)
            case (nil, let newArgument?):
                report(true, "argument-added", "\(label) ('\(newArgument.name?.value ?? "unnamed")', \(newArgument.direction.rawValue) '\(newArgument.type.value)') was added",
                       at: newArgument.location, symbol)
            case (nil, nil):
                break
            }
        }
    }

    private mutating func compareDeprecation(kind: String, _ oldAnnotations: [Annotation], _ newAnnotations: [Annotation], name: String,
                                             at location: SourceLocation, _ symbol: String) {
        let wasDeprecated = oldAnnotations.value(of: StandardAnnotation.deprecated) == "true"
        let isDeprecated = newAnnotations.value(of: StandardAnnotation.deprecated) == "true"
        if isDeprecated, !wasDeprecated {
            report(false, "deprecated", "\(kind) '\(name)' was deprecated", at: location, symbol)
        }
    }

    private mutating func compareProperties() {
        let newByName = Dictionary(new.properties.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        let oldNames = Set(old.properties.map(\.name.value))
        let oldDefault = old.annotations.value(of: StandardAnnotation.emitsChangedSignal) ?? "true"
        let newDefault = new.annotations.value(of: StandardAnnotation.emitsChangedSignal) ?? "true"
        for oldProperty in old.properties {
            let name = oldProperty.name.value
            let symbol = "\(new.name.value).\(name)"
            guard let newProperty = newByName[name] else {
                report(true, "property-removed", "property '\(name)' was removed", at: new.name.location, symbol)
                continue
            }
            if oldProperty.type.value != newProperty.type.value {
                report(true, "property-type-changed", "property '\(name)' changed type from '\(oldProperty.type.value)' to '\(newProperty.type.value)'",
                       at: newProperty.type.location, symbol)
            }
            if let before = oldProperty.access, let after = newProperty.access, before != after {
                // Readers of a readable property and writers of a writable one must keep working.
                let narrowed = (before.isReadable && !after.isReadable) || (before.isWritable && !after.isWritable)
                report(narrowed, "property-access-changed-\(before.rawValue)-\(after.rawValue)",
                       "property '\(name)' access changed from \(before.rawValue) to \(after.rawValue)", at: newProperty.declaredAccess.location, symbol)
            }
            let oldEmits = oldProperty.annotations.value(of: StandardAnnotation.emitsChangedSignal) ?? oldDefault
            let newEmits = newProperty.annotations.value(of: StandardAnnotation.emitsChangedSignal) ?? newDefault
            if oldEmits != newEmits, let before = StandardAnnotation.emitsChangedStrength(oldEmits),
               let after = StandardAnnotation.emitsChangedStrength(newEmits) {
                // Clients rely on the old promise: a cached const value, a value in PropertiesChanged.
                report(after < before, "ecs-changed-\(oldEmits)-\(newEmits)",
                       "property '\(name)' EmitsChangedSignal changed from \(oldEmits) to \(newEmits)", at: newProperty.location, symbol)
            }
            compareDeprecation(kind: "property", oldProperty.annotations, newProperty.annotations, name: name, at: newProperty.location, symbol)
        }
        for newProperty in new.properties where !oldNames.contains(newProperty.name.value) {
            report(false, "property-added", "property '\(newProperty.name.value)' was added", at: newProperty.name.location,
                   "\(new.name.value).\(newProperty.name.value)")
        }
    }
}
