import Testing
import DBusTestSupport

@Suite(.tags(.interop)) struct PrivateBusTests {
    @Test func privateBusPrintsAUnixAddressInItsOwnDirectory() throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        #expect(bus.address.hasPrefix("unix:path=\(bus.directory.path)/"))
        #expect(bus.address.contains(",guid="))
    }

    @Test func peerSeesOnlyThePrivateBus() throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(
            PeerProcess.python,
            ["-c", "import os; print('ADDR', os.environ['DBUS_SESSION_BUS_ADDRESS']); print('SYS', os.environ['DBUS_SYSTEM_BUS_ADDRESS'])"],
            bus: bus)
        let line = try peer.waitForLine(startingWith: "ADDR ")
        #expect(line == "ADDR \(bus.address)")
        let system = try peer.waitForLine(startingWith: "SYS ")
        #expect(system.contains("/nonexistent/"))
        #expect(try peer.waitForExit() == 0)
    }

    @Test func gdbusTalksToThePrivateDaemon() throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(
            "/usr/bin/gdbus",
            ["call", "--address", bus.address, "--dest", "org.freedesktop.DBus",
             "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.GetId"])
        let line = try #require(try peer.readLine())
        #expect(line.hasPrefix("('"))
        #expect(try peer.waitForExit() == 0)
    }

    @Test func stopKillsAChildThatIgnoresSIGTERMAfterTheGracePeriod() throws {
        let child = try PeerProcess("sh", ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"])
        #expect(try child.readLine() == "ready")
        let start = ContinuousClock.now
        child.stop(grace: 0.3)
        #expect(!child.isRunning)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func keptOpenInputEndsWhenClosed() throws {
        let child = try PeerProcess("sh", ["-c", "echo ready; cat >/dev/null; echo input closed"], keepInputOpen: true)
        #expect(try child.readLine() == "ready")
        #expect(child.isRunning)
        child.closeInput()
        #expect(try child.readLine() == "input closed")
        #expect(try child.waitForExit() == 0)
    }

    @Test func missingProgramIsReportedByName() {
        #expect {
            _ = try PeerProcess("no-such-program-for-dbus-tests", [])
        } throws: { error in
            "\(error)".contains("no-such-program-for-dbus-tests") && "\(error)".contains("not installed")
        }
    }

    @Test func runReportsExitCodeAndOutput() throws {
        let result = try PeerProcess.run("sh", ["-c", "echo one; echo two; exit 3"])
        #expect(result.status == 3)
        #expect(result.output == "one\ntwo\n")
        let merged = try PeerProcess.run("sh", ["-c", "echo out; echo err >&2"], mergingErrors: true)
        #expect(merged.status == 0)
        #expect(merged.output == "out\nerr\n")
    }

    @Test func programRunKeepsTheMachinesBusesAwayAndAddsTheGivenEnvironment() async throws {
        let result = try await Program.run("/bin/sh", ["-c", "echo $DBUS_SESSION_BUS_ADDRESS; echo $EXTRA"], environment: ["EXTRA": "x"])
        #expect(result.output == "unix:path=/nonexistent/no-session-bus-in-tests\nx\n")
    }

    @Test func programRunGivesUpAtItsDeadlineInsteadOfHanging() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await Program.run("/bin/sh", ["-c", "echo started; exec sleep 60"], timeout: 0.5)
        } throws: { error in
            "\(error)".contains("timed out after 0.5 s") && "\(error)".contains("sleep 60")
        }
        // The child was stopped when the run gave up: well before its 60 s were over.
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
