/// A failure of the QEMU test harness: a process that did not start, did not answer in time,
/// or answered with an error. The description says which step failed and what was seen.
public struct QEMUHarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
