// End-to-end D-Bus call benchmark: a server exporting org.example.Bench1 and a client timing
// sequential calls, on a message bus or peer to peer. Build in release:
//   swift run -c release --package-path Benchmarks dbus-bench MODE [ADDRESS] [READYFILE]
// MODE: bus-server | bus-client | p2p-server | p2p-client. Servers create READYFILE when ready;
// clients print one tab-separated RESULT line per workload:
//   RESULT <section> <lib> <workload> <iters> <secs> <ops/s> <MB/s> <ns/elem>
// MB/s counts the request body one way (MB = 10^6 bytes). The p2p client first prints the raw
// reference (lib "raw"): a 1-byte ping-pong over a socketpair between two processes.
// Environment (all optional), the same as C/sdbus-bench.c's:
//   DBUS_BENCH_ONLY=<text>     runs only the workloads whose name contains <text>
//   DBUS_BENCH_SECONDS=<s>     seconds per timed workload (default 2; a positive decimal, e.g. 0.2)
//   DBUS_BENCH_PING=<n>        timed Ping calls (default 20000); the raw reference keeps its count
// Swift only:
//   DBUS_BENCH_FROM_POOL=1     the client calls from a task on the global executor, as a plain
//                              `Task` does, instead of preferring the connection's executor (so
//                              replies resume on the I/O thread): measures the default path
import DBus
import WireWorkloads

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Writes a whole line to a file descriptor (unbuffered, so a reader sees it at once).
func writeLine(_ text: String, to fd: Int32) {
    let bytes = Array((text + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}

func fail(_ message: String) -> Never {
    writeLine("dbus-bench: \(message)", to: 2)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    fail("usage: dbus-bench bus-server|bus-client|p2p-server|p2p-client [ADDRESS] [READYFILE]")
}
let mode = arguments[1]
let address = arguments.count > 2 ? arguments[2] : nil
let readyFile = arguments.count > 3 ? arguments[3] : nil
let benchName: BusName = "org.example.Bench"
let benchPath: ObjectPath = "/org/example/Bench"

func markReady() {
    guard let readyFile else { return }
    guard let file = fopen(readyFile, "w") else { fail("cannot create \(readyFile)") }
    fclose(file)
}

func busAddress() -> String {
    if let address { return address }
    guard let env = getenv("DBUS_SESSION_BUS_ADDRESS") else { fail("no ADDRESS and no DBUS_SESSION_BUS_ADDRESS") }
    return String(cString: env)
}

// MARK: Servers

func runBusServer() async throws {
    let connection = try await DBusConnection.connect(to: busAddress())
    try connection.export(BenchObject(), at: benchPath)
    let reply = try await connection.requestName(benchName, flags: .doNotQueue)
    guard reply == .primaryOwner else { fail("could not own \(benchName): \(reply)") }
    markReady()
    let closed = try await connection.signals(matching: MatchRule(interface: "org.example.Never"))
    for await _ in closed {}  // Runs until the bus goes away.
}

func runP2PServer() async throws {
    guard let address else { fail("p2p-server needs ADDRESS (unix:path=...)") }
    let listener = try DBusListener(address: address)
    markReady()
    while true {
        _ = try await DBusConnection.accept(on: listener) { connection in
            try connection.export(BenchObject(), at: benchPath)
        }
    }
}

// MARK: Client

struct Workload {
    var name: String
    var member: MemberName
    /// Encodes the request from Swift values: every call marshals its arguments, as a real
    /// client does (and as the C client does).
    var body: @Sendable () -> MessageBody
    /// Bytes of the request body (for MB/s) and elements (for ns/elem).
    var bodyBytes: Int
    var elements: Int
    /// Fixed iteration count, or nil to run for `seconds`.
    var iterations: Int?
    var seconds: Double
    var check: @Sendable (Message) throws -> Bool
    /// Decodes a timed call's reply as a client would use it.
    var decode: @Sendable (Message) throws -> Void = { _ in }
}

/// A positive number from environment variable `name`, or `fallback` when it is unset.
func environmentNumber(_ name: String, default fallback: Double) -> Double {
    guard let raw = getenv(name), raw.pointee != 0 else { return fallback }
    let text = String(cString: raw)
    guard let value = Double(text), value > 0, value.isFinite else { fail("\(name) must be a positive number, got \(text)") }
    return value
}

/// The workloads whose names contain `only` (all when nil); others are never built, so a filtered
/// run does not spend time (and CPU that cpu-per-op.sh counts) making 8 MiB payloads.
func workloads(only: String?) -> [Workload] {
    func wanted(_ name: String) -> Bool { only.map { name.contains($0) } ?? true }
    let seconds = environmentNumber("DBUS_BENCH_SECONDS", default: 2)
    let pingValue = environmentNumber("DBUS_BENCH_PING", default: 20_000)
    guard let pings = Int(exactly: pingValue) else { fail("DBUS_BENCH_PING must be a whole number, got \(pingValue)") }
    func echo(_ label: String, _ count: Int) -> Workload {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // `ay` is decoded as a view of the received bytes (validated when the message was
        // parsed), as sd-bus hands out a pointer.
        return Workload(
            name: "Echo ay \(label)", member: "Echo", body: { MessageBody(bytes) }, bodyBytes: MessageBody(bytes).encoder.count, elements: count,
            iterations: nil, seconds: seconds, check: { try $0.decodeBody(as: [UInt8].self) == bytes },
            decode: { _ = try $0.decodeBody(as: ArraySlice<UInt8>.self) })
    }
    var result: [Workload] = []
    if wanted("Ping") {
        result.append(Workload(name: "Ping", member: "Ping", body: { MessageBody() }, bodyBytes: 0, elements: 1, iterations: pings, seconds: 0,
                               check: { $0.signature.rawValue == "" }))
    }
    for (label, count) in [("64B", 64), ("64KiB", 64 * 1024), ("8MiB", 8 * 1024 * 1024)] where wanted("Echo ay \(label)") {
        result.append(echo(label, count))
    }
    if wanted("EchoStructs a(iiu) x10000") {
        let structs = (0..<10_000).map { Triple(a: Int32($0), b: -Int32($0), c: UInt32($0) &* 7) }
        result.append(Workload(
            name: "EchoStructs a(iiu) x10000", member: "EchoStructs", body: { MessageBody(structs) }, bodyBytes: MessageBody(structs).encoder.count,
            elements: structs.count, iterations: nil, seconds: seconds, check: { try $0.decodeBody(as: [Triple].self) == structs },
            decode: { _ = try $0.decodeBody(as: [Triple].self) }))
    }
    if wanted("EchoDict a{sv} x100") {
        result.append(dictWorkload(seconds: seconds))
    }
    return result
}

func dictWorkload(seconds: Double) -> Workload {
    var dict: [String: Variant] = [:]
    for i in 0..<100 {
        dict["property-\(i)"] = switch i % 3 {
        case 0: Variant("value number \(i)")
        case 1: Variant(UInt32(i))
        default: Variant(Double(i) * 0.5)
        }
    }
    let expectedDict = dict
    return Workload(name: "EchoDict a{sv} x100", member: "EchoDict", body: { MessageBody(expectedDict) }, bodyBytes: MessageBody(dict).encoder.count,
                    elements: dict.count, iterations: nil, seconds: seconds, check: { try $0.decodeBody(as: [String: Variant].self) == expectedDict },
                    decode: { _ = try $0.decodeBody(as: [String: Variant].self) })
}

func runClient(section: String, connection: DBusConnection, destination: BusName?) async throws {
    // DBUS_BENCH_ONLY=<text> runs only the workloads whose name contains it (for profiling).
    let only = getenv("DBUS_BENCH_ONLY").map { String(cString: $0) }
    for workload in workloads(only: only) {
        nonisolated(nonsending) func call() async throws -> Message {
            try await connection.call(destination: destination, path: benchPath, interface: BenchObject.interfaceName,
                                      member: workload.member, body: workload.body())
        }
        // Warm-up: the reply is fully decoded and compared with the request.
        for _ in 0..<3 {
            guard try workload.check(try await call()) else { fail("\(workload.name): wrong reply from the server") }
        }
        var iterations = 0
        let start = now()
        var elapsed = 0.0
        while true {
            try workload.decode(try await call())
            iterations += 1
            elapsed = now() - start
            if let fixed = workload.iterations { if iterations >= fixed { break } } else if elapsed >= workload.seconds { break }
        }
        report(section: section, lib: "swift", workload: workload.name, iterations: iterations, seconds: elapsed,
               bodyBytes: workload.bodyBytes, elements: workload.elements)
    }
}

func report(section: String, lib: String, workload: String, iterations: Int, seconds: Double, bodyBytes: Int, elements: Int) {
    let ops = Double(iterations) / seconds
    let megabytes = Double(bodyBytes) * ops / 1e6
    let nsPerElement = seconds * 1e9 / Double(iterations * max(elements, 1))
    let fields = ["RESULT", section, lib, workload, "\(iterations)", String(format3(seconds)), String(format1(ops)),
                  String(format1(megabytes)), String(format1(nsPerElement))]
    writeLine(fields.joined(separator: "\t"), to: 1)
}

func format3(_ value: Double) -> String { formatted(value, decimals: 3) }
func format1(_ value: Double) -> String { formatted(value, decimals: 1) }
func formatted(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
}

/// The reference: 1-byte ping-pong over a socketpair between two processes, 20,000 round trips
/// after 1,000 untimed ones. The forked child only reads and writes (async-signal-safe calls on
/// its stack, no allocation, no Swift runtime work) and leaves with `_exit`.
func rawSocketpairPingPong() -> (iterations: Int, seconds: Double) {
    var ends: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else { fail("socketpair failed") }
    let iterations = 20_000
    let pingEnd = ends[0], echoEnd = ends[1]
    let child = fork()
    if child < 0 { fail("fork failed") }
    if child == 0 {
        close(pingEnd)
        var byte: UInt8 = 0
        while read(echoEnd, &byte, 1) == 1 {
            if write(echoEnd, &byte, 1) != 1 { break }
        }
        _exit(0)
    }
    close(echoEnd)
    var byte: UInt8 = 1
    for _ in 0..<1000 { _ = write(pingEnd, &byte, 1); _ = read(pingEnd, &byte, 1) }
    let start = now()
    for _ in 0..<iterations { _ = write(pingEnd, &byte, 1); _ = read(pingEnd, &byte, 1) }
    let seconds = now() - start
    close(pingEnd)  // The child reads end of file and exits.
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    return (iterations, seconds)
}

/// Runs the client's calls with replies resuming on the connection's I/O thread (no thread hop
/// per call), or with DBUS_BENCH_FROM_POOL set, on the global executor.
func runClientTask(section: String, connection: DBusConnection, destination: BusName?) async throws {
    if getenv("DBUS_BENCH_FROM_POOL") != nil {
        try await runClient(section: section, connection: connection, destination: destination)
    } else {
        try await withTaskExecutorPreference(connection.executor) {
            try await runClient(section: section, connection: connection, destination: destination)
        }
    }
}

do {
    switch mode {
    case "bus-server":
        try await runBusServer()
    case "p2p-server":
        try await runP2PServer()
    case "bus-client":
        let connection = try await DBusConnection.connect(to: busAddress())
        try await runClientTask(section: "bus", connection: connection, destination: benchName)
        connection.close()
    case "p2p-client":
        guard let address else { fail("p2p-client needs ADDRESS") }
        let raw = rawSocketpairPingPong()
        report(section: "p2p", lib: "raw", workload: "socketpair 1B ping-pong", iterations: raw.iterations,
               seconds: raw.seconds, bodyBytes: 1, elements: 1)
        let connection = try await DBusConnection.connect(to: address, bus: false)
        try await runClientTask(section: "p2p", connection: connection, destination: nil)
        connection.close()
    default:
        fail("unknown mode \(mode)")
    }
} catch {
    fail("\(error)")
}
