public import Testing

extension Tag {
    /// Tests that start real peers (dbus-daemon, gdbus, python3-dbus). Slow; CI runs them all.
    @Tag public static var interop: Self
    /// Tests that start a real QEMU.
    @Tag public static var qemu: Self
    /// Tests that compile generated code with swiftc.
    @Tag public static var compile: Self
}
