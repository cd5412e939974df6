internal import DBusIntrospection
internal import DBusGeneratorCore

/// swift-name-collision: two names that the generator maps to one Swift identifier, so one of
/// them gets a suffix (`...Method`, `...Property`). Mirrors the generator's scopes: methods,
/// properties and signals share the interface's scope, followed by the names it derives
/// (`setX` for writable properties, `xChanges` / `announceXChanged` for properties that emit
/// PropertiesChanged, `emitX` for signals); each member's in, out and signal arguments have their
/// own scope.
enum SwiftNameChecks: CheckGroup {
    private struct Claim {
        let swiftName: String
        let label: String
        let location: SourceLocation
        let symbol: String
        /// The D-Bus name it came from; exact duplicates are other rules' findings.
        let source: String
    }

    static func check(_ context: inout CheckContext) {
        guard context.isEnabled(.swiftNameCollision), let root = context.document.root else { return }
        for interface in root.allInterfaces {
            var claims: [Claim] = []
            for member in interface.members {
                let swiftName = SwiftNaming.memberName(member.name.value)
                if let owner = InterfacePlanner.reservedMemberNames[swiftName] {
                    context.report(.swiftNameCollision,
                                   "\(member.kind.rawValue) '\(member.name.value)' becomes '\(swiftName)', which generated code uses for \(owner); the generator renames it",
                                   at: member.name.location, symbol: Symbol.member(interface, member.name))
                }
                claims.append(Claim(swiftName: SwiftNaming.memberName(member.name.value), label: "\(member.kind.rawValue) '\(member.name.value)'",
                                    location: member.name.location, symbol: Symbol.member(interface, member.name), source: member.name.value))
            }
            let interfaceEmits = interface.annotations.value(of: StandardAnnotation.emitsChangedSignal)
            for property in interface.properties {
                let upper = SwiftNaming.typeName(property.name.value)
                let symbol = Symbol.member(interface, property.name)
                if property.access?.isWritable == true {
                    claims.append(Claim(swiftName: "set" + upper, label: "the setter of property '\(property.name.value)'",
                                        location: property.name.location, symbol: symbol, source: "#set" + property.name.value))
                }
                let emits = property.annotations.value(of: StandardAnnotation.emitsChangedSignal) ?? interfaceEmits ?? "true"
                if property.access?.isReadable == true, emits == "true" || emits == "invalidates" {
                    claims.append(Claim(swiftName: SwiftNaming.memberName(property.name.value) + "Changes",
                                        label: "the change stream of property '\(property.name.value)'",
                                        location: property.name.location, symbol: symbol, source: "#changes" + property.name.value))
                    claims.append(Claim(swiftName: "announce" + upper + "Changed", label: "the change announcer of property '\(property.name.value)'",
                                        location: property.name.location, symbol: symbol, source: "#announce" + property.name.value))
                }
            }
            for signal in interface.signals {
                claims.append(Claim(swiftName: "emit" + SwiftNaming.typeName(signal.name.value), label: "the emitter of signal '\(signal.name.value)'",
                                    location: signal.name.location, symbol: Symbol.member(interface, signal.name), source: "#emit" + signal.name.value))
            }
            report(claims, &context)

            for member in interface.members where member.kind != .property {
                let groups: [[(Int, Argument)]] = member.kind == .signal
                    ? [Array(member.arguments.enumerated())]
                    : [Array(member.arguments.enumerated()).filter { $0.1.direction == .in }, Array(member.arguments.enumerated()).filter { $0.1.direction == .out }]
                for group in groups {
                    report(group.compactMap { index, argument in
                        argument.name.map { name in
                            Claim(swiftName: SwiftNaming.memberName(name.value),
                                  label: "\(member.kind.rawValue) '\(member.name.value)' argument '\(name.value)'",
                                  location: name.location, symbol: Symbol.argument(interface, member.name, argument, index: index), source: name.value)
                        }
                    }, &context)
                }
            }
        }
    }

    private static func report(_ claims: [Claim], _ context: inout CheckContext) {
        var first: [String: Claim] = [:]
        for claim in claims {
            guard let earlier = first[claim.swiftName] else {
                first[claim.swiftName] = claim
                continue
            }
            // Identical D-Bus names are duplicate-member, member-name-collision or duplicate-arg-name.
            guard earlier.source != claim.source else { continue }
            context.report(.swiftNameCollision,
                           "\(claim.label) and \(earlier.label) (line \(earlier.location.line)) both become '\(claim.swiftName)' in generated Swift; the generator renames the later one",
                           at: claim.location, symbol: claim.symbol)
        }
    }
}
