// A plain timing loop over the same workloads as the ordo-one benchmarks, printing nanoseconds
// per element and throughput directly. Build in release:
//   swift run -c release --package-path Benchmarks wire-bench
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

/// Runs `body` repeatedly for about `seconds` after a warm-up; returns the best seconds per run.
func measure(seconds: Double = 1.5, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var best = Double.infinity
    let stop = now() + seconds
    repeat {
        let start = now()
        try body()
        best = min(best, now() - start)
    } while now() < stop
    return best
}

@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

let bytes = Workloads.bytes()
let encodedBytes = Workloads.encoded(bytes)
let triples = Workloads.triples()
let encodedTriples = Workloads.encoded(triples)
let dictionary = Workloads.dictionary()
let encodedDictionary = Workloads.encoded(dictionary)

var target = [UInt8](repeating: 0, count: bytes.count)
let memcpyTime = measure {
    target.withUnsafeMutableBytes { out in
        bytes.withUnsafeBytes { _ = memcpy(out.baseAddress!, $0.baseAddress!, $0.count) }
    }
    consume(target)
}

func report(_ name: String, _ seconds: Double, elements: Int, bytes: Int) {
    let ns = seconds * 1e9 / Double(elements)
    let mbps = Double(bytes) / seconds / 1e6
    let line = "\(name)\t\(String(format3(seconds * 1e6))) us\t\(String(format3(ns))) ns/elem\t\(String(format3(mbps))) MB/s"
    print(line + (name.contains("ay") || name.contains("memcpy") ? "\t\(String(format3(memcpyTime / seconds))) x memcpy" : ""))
}

func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
}

report("memcpy 8 MiB", memcpyTime, elements: bytes.count, bytes: bytes.count)
report("encode ay 8 MiB", measure {
    var encoder = DBusEncoder()
    encoder.encode(bytes)
    consume(encoder.bytes)
}, elements: bytes.count, bytes: bytes.count)
report("decode ay 8 MiB", try measure {
    var decoder = DBusDecoder(bytes: encodedBytes)
    consume(try decoder.decode([UInt8].self))
}, elements: bytes.count, bytes: bytes.count)
report("decode ay 8 MiB as slice", try measure {
    var decoder = DBusDecoder(bytes: encodedBytes)
    consume(try decoder.decode(ArraySlice<UInt8>.self))
}, elements: bytes.count, bytes: bytes.count)
report("encode a(iiu) x100000", measure {
    var encoder = DBusEncoder()
    encoder.encode(triples)
    consume(encoder.bytes)
}, elements: triples.count, bytes: encodedTriples.count)
report("decode a(iiu) x100000", try measure {
    var decoder = DBusDecoder(bytes: encodedTriples)
    consume(try decoder.decode([Triple].self))
}, elements: triples.count, bytes: encodedTriples.count)
report("encode a{sv} x1000", measure {
    var encoder = DBusEncoder()
    encoder.encode(dictionary)
    consume(encoder.bytes)
}, elements: dictionary.count, bytes: encodedDictionary.count)
report("decode a{sv} x1000", try measure {
    var decoder = DBusDecoder(bytes: encodedDictionary)
    consume(try decoder.decode([String: Variant].self))
}, elements: dictionary.count, bytes: encodedDictionary.count)

// The per-message work of answering a call, without I/O: parse the call (with every validation),
// build the reply, serialize it. One "element" is one message.
let pingCall = try Message.methodCall(path: "/org/example/Bench", interface: "org.example.Bench1", member: "Ping")
    .serialized(serial: 7)
report("parse call + serialize reply (Ping)", try measure {
    for serial in 1...1000 {
        let call = try Message.parse(bytes: pingCall)
        consume(try Message.methodReturn(replyingTo: call).serialized(serial: UInt32(serial)))
    }
}, elements: 1000, bytes: pingCall.count * 1000)
// The same steps one at a time, as a connection does them: its parser keeps the header names it
// has validated, so a warm parse only checks their bytes.
var parser = MessageParser()
report("parse call, warm parser (Ping)", try measure {
    for _ in 1...1000 { consume(try parser.parse(bytes: pingCall)) }
}, elements: 1000, bytes: pingCall.count * 1000)
let pingMessage = Message.methodCall(path: "/org/example/Bench", interface: "org.example.Bench1", member: "Ping")
report("serialize call (Ping)", try measure {
    for serial in 1...1000 { consume(try pingMessage.serialized(serial: UInt32(serial))) }
}, elements: 1000, bytes: pingCall.count * 1000)
