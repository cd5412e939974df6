/// poll(2)'s timeout argument for a wait of a given length, the same for every poll loop here.
package enum PollTimeout {
    /// An hour: every caller loops and checks its own deadline again after a timeout.
    static let longest: Int32 = 3_600_000

    /// Whole milliseconds, rounded up, so that a wait never ends just short of its deadline and
    /// goes round once more for nothing; 0 for a wait already over; -1 (no timeout) for infinity.
    package static func milliseconds(_ seconds: Double) -> Int32 {
        if seconds == .infinity { return -1 }
        guard seconds > 0 else { return 0 }  // Also NaN.
        return Int32(min((seconds * 1000).rounded(.up), Double(longest)))
    }

    /// As `milliseconds(_:)` for a `Duration`, as `ContinuousClock` deadlines give.
    package static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return milliseconds(Double(seconds) + Double(attoseconds) / 1e18)
    }
}
