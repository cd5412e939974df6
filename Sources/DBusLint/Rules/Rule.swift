/// Every rule the linter reports, under an id that never changes once released.
///
/// Rules whose category is `.xml` are reported by the parser (DBusIntrospection) as diagnostics
/// with that id; the linter only forwards them. All others are checked here.
public enum Rule: String, Hashable, Sendable, CaseIterable, Comparable {
    // Document structure (parser).
    case xmlMalformed = "xml-malformed"
    case elementMisplaced = "element-misplaced"
    case elementUnknown = "element-unknown"
    case elementMissing = "element-missing"
    case attributeMissing = "attribute-missing"
    case attributeUnknown = "attribute-unknown"
    case entityExpansion = "entity-expansion"
    case inputTooLarge = "input-too-large"
    case xmlNamespace = "xml-namespace"
    case xmlWarning = "xml-warning"
    case piUnbalanced = "pi-unbalanced"
    case piInvalid = "pi-invalid"
    case piUnsupported = "pi-unsupported"
    case piVariableUndefined = "pi-variable-undefined"

    // Names, types, values and duplicates (specification).
    case nodeNameInvalid = "node-name-invalid"
    case interfaceNameInvalid = "interface-name-invalid"
    case memberNameInvalid = "member-name-invalid"
    case propertyNameInvalid = "property-name-invalid"
    case errorNameInvalid = "error-name-invalid"
    case busNameInvalid = "bus-name-invalid"
    case busNameHyphen = "bus-name-hyphen"
    case objectPathInvalid = "object-path-invalid"
    case signatureInvalid = "signature-invalid"
    case typeNotSingle = "type-not-single"
    case argDirectionInvalid = "arg-direction-invalid"
    case signalArgDirectionIn = "signal-arg-direction-in"
    case propertyAccessInvalid = "property-access-invalid"
    case annotationValueInvalid = "annotation-value-invalid"
    case annotationMisplaced = "annotation-misplaced"
    case annotationDuplicate = "annotation-duplicate"
    case propertyConstWritable = "property-const-writable"
    case noReplyWithOutArgs = "noreply-with-out-args"
    case duplicateInterface = "duplicate-interface"
    case duplicateMember = "duplicate-member"
    case memberNameCollision = "member-name-collision"
    case duplicateArgName = "duplicate-arg-name"

    // API Design Guidelines.
    case interfaceNameReverseDNS = "interface-name-reverse-dns"
    case interfaceNameCamelCase = "interface-name-camel-case"
    case interfaceVersioned = "interface-versioned"
    case interfacePrefixNotAllowed = "interface-prefix-not-allowed"
    case memberNameCamelCase = "member-name-camel-case"
    case memberNameCaseCollision = "member-name-case-collision"
    case argNameSnakeCase = "arg-name-snake-case"
    case argNameMissing = "arg-name-missing"
    case argNameHungarian = "arg-name-hungarian"
    case argDirectionExplicit = "arg-direction-explicit"
    case signalArgDirectionRedundant = "signal-arg-direction-redundant"
    case propertyAccessorRedundant = "property-accessor-redundant"
    case preferProperty = "prefer-property"
    case preferPropertiesChanged = "prefer-properties-changed"
    case preferObjectManager = "prefer-object-manager"
    case propertyEmitsChangedExplicit = "property-emits-changed-explicit"
    case preferEnumOverBool = "prefer-enum-over-bool"
    case humanReadableString = "human-readable-string"
    case parallelArrays = "parallel-arrays"
    case inBandError = "in-band-error"
    case argTypeInconsistent = "arg-type-inconsistent"
    case objectPathRoot = "object-path-root"
    case busNameVersioned = "bus-name-versioned"
    case deprecatedUndocumented = "deprecated-undocumented"
    case annotationUnknown = "annotation-unknown"
    case interfaceFileLayout = "interface-file-layout"
    case dictKeysUndocumented = "dict-keys-undocumented"

    // Documentation.
    case docMissing = "doc-missing"
    case docOrphanComment = "doc-orphan-comment"
    case docArgMissing = "doc-arg-missing"
    case docParamUnknown = "doc-param-unknown"
    case docXrefUnresolved = "doc-xref-unresolved"

    // QEMU.
    case qemuReservedPrefix = "qemu-reserved-prefix"
    case qemuInterfaceVersioned = "qemu-interface-versioned"
    case qemuObjectPath = "qemu-object-path"
    case qemuErrorName = "qemu-error-name"
    case qemuInterfaceMismatch = "qemu-interface-mismatch"
    case qemuVendoredDrift = "qemu-vendored-drift"
    case qemuUnixFDGuard = "qemu-unix-fd-guard"

    // This project's generator.
    case swiftNameCollision = "swift-name-collision"

    // Compatibility with `--previous`.
    case apiBreak = "api-break"
    case apiAddition = "api-addition"
    case sinceMissing = "since-missing"

    // The linter's own suppressions.
    case suppressionUnused = "suppression-unused"
    case suppressionInvalid = "suppression-invalid"

    public static func < (lhs: Rule, rhs: Rule) -> Bool { lhs.rawValue < rhs.rawValue }

    public var id: String { rawValue }

    public var category: RuleCategory {
        switch self {
        case .xmlMalformed, .elementMisplaced, .elementUnknown, .elementMissing, .attributeMissing, .entityExpansion,
             .inputTooLarge, .xmlNamespace, .xmlWarning, .piUnbalanced, .piInvalid, .piUnsupported,
             .piVariableUndefined:
            .xml
        case .attributeUnknown, .nodeNameInvalid, .interfaceNameInvalid, .memberNameInvalid, .propertyNameInvalid, .errorNameInvalid,
             .busNameInvalid, .busNameHyphen, .objectPathInvalid, .signatureInvalid, .typeNotSingle,
             .argDirectionInvalid, .signalArgDirectionIn, .propertyAccessInvalid, .annotationValueInvalid,
             .annotationMisplaced, .annotationDuplicate, .propertyConstWritable, .noReplyWithOutArgs,
             .duplicateInterface, .duplicateMember, .memberNameCollision, .duplicateArgName:
            .spec
        case .docMissing, .docOrphanComment, .docArgMissing, .docParamUnknown, .docXrefUnresolved:
            .docs
        case .qemuReservedPrefix, .qemuInterfaceVersioned, .qemuObjectPath, .qemuErrorName, .qemuUnixFDGuard,
             .qemuInterfaceMismatch, .qemuVendoredDrift:
            .qemu
        case .swiftNameCollision:
            .generator
        case .apiBreak, .apiAddition, .sinceMissing:
            .compatibility
        case .suppressionUnused, .suppressionInvalid:
            .lint
        default:
            .style
        }
    }

    /// The severity in the default profile.
    public var defaultSeverity: Severity {
        switch self {
        case .xmlMalformed, .elementMisplaced, .elementMissing, .attributeMissing, .entityExpansion, .inputTooLarge,
             .piUnbalanced, .piInvalid, .attributeUnknown, .nodeNameInvalid, .interfaceNameInvalid, .memberNameInvalid,
             .errorNameInvalid, .busNameInvalid, .objectPathInvalid, .signatureInvalid, .typeNotSingle,
             .argDirectionInvalid, .signalArgDirectionIn, .propertyAccessInvalid, .annotationValueInvalid,
             .duplicateInterface, .duplicateMember, .apiBreak, .qemuInterfaceMismatch:
            .error
        case .argDirectionExplicit, .signalArgDirectionRedundant, .preferProperty, .preferObjectManager,
             .propertyEmitsChangedExplicit, .preferEnumOverBool, .humanReadableString, .parallelArrays,
             .inBandError, .argTypeInconsistent, .objectPathRoot, .annotationUnknown, .interfaceFileLayout,
             .dictKeysUndocumented, .qemuUnixFDGuard, .apiAddition, .sinceMissing, .argNameHungarian, .suppressionUnused, .docOrphanComment:
            .note
        default:
            .warning
        }
    }

    /// Off unless a profile (`strict`) or the config turns it on: heuristics too noisy by default.
    public var isOptIn: Bool {
        switch self {
        case .argDirectionExplicit, .propertyEmitsChangedExplicit, .preferEnumOverBool, .argTypeInconsistent,
             .interfaceFileLayout, .dictKeysUndocumented, .qemuUnixFDGuard, .sinceMissing, .argNameHungarian:
            true
        default:
            false
        }
    }

    /// Documentation is published from the raw file, i.e. the union of all variants (QEMU's Sphinx
    /// extension reads it unpreprocessed), so these count only when every variant has them.
    public var appliesToUnionOfVariants: Bool {
        self == .docOrphanComment || self == .docXrefUnresolved || self == .docParamUnknown
    }

    /// One sentence for `--list-rules`, SARIF `shortDescription` and the docs.
    public var summary: String {
        switch self {
        case .xmlMalformed: "The file is not well-formed XML or not UTF-8."
        case .elementMisplaced: "An element is nested where the introspection format does not allow it."
        case .elementUnknown: "An element the introspection format does not define (not namespaced)."
        case .elementMissing: "The document has no <node> element."
        case .attributeMissing: "A required attribute is missing; the element is skipped."
        case .entityExpansion: "The document references an entity it declares; entities are never expanded (billion laughs)."
        case .inputTooLarge: "The input is larger than the parser's 16 MiB limit."
        case .xmlNamespace: "An undeclared namespace prefix (e.g. doc: without xmlns:doc)."
        case .xmlWarning: "libxml2 reported a warning."
        case .piUnbalanced: "An <?else?> or <?endif?> without <?if?>, or an unterminated <?if?>."
        case .piInvalid: "A preprocessor condition that cannot be evaluated."
        case .piUnsupported: "A processing instruction other than QEMU's <?if?> family; it is never executed."
        case .piVariableUndefined: "A condition uses a variable the variant does not set."
        case .attributeUnknown: "An attribute the introspection format does not define; GDBus's runtime parser rejects the file."
        case .nodeNameInvalid: "A root node name must be an absolute object path, a child node name a relative one."
        case .interfaceNameInvalid: "Interface names: 2+ elements of [A-Za-z0-9_], none starting with a digit, at most 255 characters."
        case .memberNameInvalid: "Method and signal names: 1-255 characters of [A-Za-z0-9_], not starting with a digit."
        case .propertyNameInvalid: "A property name that is not a valid member name causes interoperability problems."
        case .errorNameInvalid: "Error names follow the interface name grammar."
        case .busNameInvalid: "Bus names: 2+ elements of [A-Za-z0-9_-], none starting with a digit, at most 255 characters."
        case .busNameHyphen: "The specification discourages '-' in new bus names; use '_'."
        case .objectPathInvalid: "Object paths: '/' followed by elements of [A-Za-z0-9_], no empty elements, no trailing '/'."
        case .signatureInvalid: "A type that is not a valid D-Bus signature."
        case .typeNotSingle: "An argument or property type must be exactly one complete type."
        case .argDirectionInvalid: "An argument direction must be 'in' or 'out'."
        case .signalArgDirectionIn: "Signal arguments are always 'out'."
        case .propertyAccessInvalid: "A property access must be read, write or readwrite."
        case .annotationValueInvalid: "A standard annotation has a value outside its allowed set."
        case .annotationMisplaced: "A standard annotation on an element it does not apply to."
        case .annotationDuplicate: "The same annotation appears twice on one element."
        case .propertyConstWritable: "A writable property declared EmitsChangedSignal=const."
        case .noReplyWithOutArgs: "A NoReply method declares out arguments nobody will receive."
        case .duplicateInterface: "The same interface appears twice in one node."
        case .duplicateMember: "Two methods, two signals or two properties share a name."
        case .memberNameCollision: "A method, signal and property share a name; bindings' accessors collide."
        case .duplicateArgName: "Two arguments of one method or signal share a name; generated code does not compile."
        case .interfaceNameReverseDNS: "Interface names start with a lower-case reversed domain name."
        case .interfaceNameCamelCase: "Interface name elements after the domain are UpperCamelCase."
        case .interfaceVersioned: "The first element after the domain carries the API's major version."
        case .interfacePrefixNotAllowed: "The interface is outside the namespaces the configuration allows."
        case .memberNameCamelCase: "Methods, signals and properties are UpperCamelCase without underscores."
        case .memberNameCaseCollision: "Two members of one kind differ only by case."
        case .argNameSnakeCase: "Argument names are lowercase_with_underscores."
        case .argNameMissing: "An unnamed argument; generators have to invent a name."
        case .argDirectionExplicit: "A method argument relies on the default direction 'in'."
        case .signalArgDirectionRedundant: "Signal arguments should not carry a direction."
        case .propertyAccessorRedundant: "A Get/Set method duplicates the accessor of an existing property."
        case .preferProperty: "A Get/Set method looks like a property accessor."
        case .preferPropertiesChanged: "An <X>Changed signal duplicates PropertiesChanged for property X."
        case .preferObjectManager: "GetXs/XAdded/XRemoved reimplement org.freedesktop.DBus.ObjectManager."
        case .propertyEmitsChangedExplicit: "A property relies on the implicit EmitsChangedSignal=true."
        case .preferEnumOverBool: "A boolean argument; enumerated values extend better."
        case .humanReadableString: "A human-readable string on the bus; prefer an enumerated value."
        case .parallelArrays: "Identically indexed arrays; use one array of structs."
        case .inBandError: "A status out-argument; report failure with a D-Bus error reply."
        case .argTypeInconsistent: "The same argument name has different types within one interface."
        case .objectPathRoot: "An object at '/'; put it under a versioned path."
        case .busNameVersioned: "A well-known bus name without a major version."
        case .deprecatedUndocumented: "A deprecated element whose documentation names neither a version nor a replacement."
        case .annotationUnknown: "An annotation outside the known namespaces."
        case .interfaceFileLayout: "An installed interface file holds one interface and is named after it."
        case .dictKeysUndocumented: "An a{sv} whose documentation names no keys."
        case .docMissing: "An interface, method, signal or property has no documentation."
        case .docOrphanComment: "A gtk-doc comment (Symbol:) that documents no element, e.g. after a rename."
        case .docArgMissing: "A named argument of a documented member has no @name: line."
        case .docParamUnknown: "A @name: line matches no argument."
        case .docXrefUnresolved: "A reference in documentation does not resolve."
        case .qemuReservedPrefix: "org.qemu names are reserved for interfaces QEMU implements and distributes."
        case .qemuInterfaceVersioned: "org.qemu interfaces carry their major version on the element after 'org.qemu'."
        case .qemuObjectPath: "An org.qemu.<Api><N> object lives under /org/qemu/<Api><N>."
        case .qemuInterfaceMismatch: "A local copy of an upstream QEMU interface adds a member or changes a type, direction or access."
        case .qemuVendoredDrift: "A vendored copy of QEMU's XML (owner qemu) has an API other than the pinned upstream file in the registry."
        case .qemuErrorName: "Errors of org.qemu.<Api><N> are named org.qemu.<Api><N>.Error.<Name>."
        case .qemuUnixFDGuard: "A UNIX fd argument in the Windows variant (QEMU passes 'ay' there)."
        case .swiftNameCollision: "Two members or arguments map to the same Swift identifier."
        case .apiBreak: "An incompatible change to an interface without a major version bump."
        case .apiAddition: "An addition to an interface (compatible)."
        case .sinceMissing: "A member new since the previous revision lacks org.gtk.GDBus.Since."
        case .argNameHungarian: "An argument name encodes its type (str_, b_, _int); the guidelines say never to."
        case .suppressionUnused: "A suppression that matched no finding."
        case .suppressionInvalid: "A suppression comment or config entry that cannot be understood."
        }
    }

    /// The specification or guideline section the rule comes from; `nil` for this project's own
    /// rules, which docs/lint-rules.md describes.
    public var helpURI: String? {
        let spec = "https://dbus.freedesktop.org/doc/dbus-specification.html"
        let guide = "https://dbus.freedesktop.org/doc/dbus-api-design.html"
        switch category {
        case .xml: return "\(spec)#introspection-format"
        case .spec:
            switch self {
            case .interfaceNameInvalid, .memberNameInvalid, .propertyNameInvalid, .errorNameInvalid,
                 .busNameInvalid, .busNameHyphen:
                return "\(spec)#message-protocol-names"
            case .objectPathInvalid, .nodeNameInvalid: return "\(spec)#message-protocol-marshaling-object-path"
            case .signatureInvalid, .typeNotSingle: return "\(spec)#message-protocol-signatures"
            case .annotationValueInvalid, .annotationMisplaced: return "\(spec)#introspection-format"
            default: return "\(spec)#introspection-format"
            }
        case .style:
            switch self {
            case .interfaceVersioned, .busNameVersioned, .objectPathRoot: return "\(guide)#api-versioning"
            case .preferProperty, .propertyAccessorRedundant, .preferPropertiesChanged: return "\(guide)#interface-properties"
            case .preferObjectManager: return "\(guide)#interface-object-manager"
            case .preferEnumOverBool, .humanReadableString, .parallelArrays, .argTypeInconsistent: return "\(guide)#type-system"
            case .inBandError: return "\(guide)#errors"
            case .deprecatedUndocumented, .annotationUnknown, .propertyEmitsChangedExplicit: return "\(guide)#annotations"
            case .interfaceFileLayout: return "\(guide)#interface-files"
            case .dictKeysUndocumented: return "\(guide)#extensibility"
            default: return "\(guide)#naming-conventions"
            }
        case .docs: return "\(guide)#documentation"
        case .qemu: return "https://www.qemu.org/docs/master/interop/dbus.html"
        case .compatibility: return "\(guide)#api-versioning"
        case .generator, .lint: return nil
        }
    }
}
