import Testing
import DBus

@Suite("PollTimeout")
struct PollTimeoutTests {
    @Test("rounds up to whole milliseconds, so a wait never ends short of its deadline")
    func roundsUp() {
        #expect(PollTimeout.milliseconds(0.0001) == 1)
        #expect(PollTimeout.milliseconds(0.0015) == 2)
        #expect(PollTimeout.milliseconds(1.0) == 1000)
        #expect(PollTimeout.milliseconds(.nanoseconds(1)) == 1)
        #expect(PollTimeout.milliseconds(.milliseconds(1500)) == 1500)
        #expect(PollTimeout.milliseconds(.seconds(2) + .microseconds(1)) == 2001)
    }

    @Test("a wait already over is 0, never negative")
    func overIsZero() {
        #expect(PollTimeout.milliseconds(0) == 0)
        #expect(PollTimeout.milliseconds(-0.5) == 0)
        #expect(PollTimeout.milliseconds(-Double.infinity) == 0)
        #expect(PollTimeout.milliseconds(Double.nan) == 0)
        #expect(PollTimeout.milliseconds(.zero) == 0)
        #expect(PollTimeout.milliseconds(.seconds(-3)) == 0)
    }

    @Test("long waits are capped at an hour; an infinite one has no timeout")
    func longWaits() {
        #expect(PollTimeout.milliseconds(7200) == 3_600_000)
        #expect(PollTimeout.milliseconds(1e300) == 3_600_000)
        #expect(PollTimeout.milliseconds(.seconds(Int64.max)) == 3_600_000)
        #expect(PollTimeout.milliseconds(Double.infinity) == -1)
    }
}
