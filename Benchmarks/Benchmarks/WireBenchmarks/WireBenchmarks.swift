import Benchmark
import DBus
import WireWorkloads

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Each benchmark handles one whole workload per iteration; divide wall time by the element count
// (100,000 structs, 1,000 entries) for the per-element figures.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .throughput], maxDuration: .seconds(3))

    let bytes = Workloads.bytes()
    let encodedBytes = Workloads.encoded(bytes)
    let triples = Workloads.triples()
    let encodedTriples = Workloads.encoded(triples)
    let dictionary = Workloads.dictionary()
    let encodedDictionary = Workloads.encoded(dictionary)

    Benchmark("memcpy 8 MiB (reference)") { benchmark in
        var target = [UInt8](repeating: 0, count: bytes.count)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            target.withUnsafeMutableBytes { out in
                bytes.withUnsafeBytes { _ = memcpy(out.baseAddress!, $0.baseAddress!, $0.count) }
            }
            blackHole(target)
        }
    }

    Benchmark("encode ay 8 MiB") { benchmark in
        for _ in benchmark.scaledIterations {
            var encoder = DBusEncoder()
            encoder.encode(bytes)
            blackHole(encoder.bytes)
        }
    }

    Benchmark("decode ay 8 MiB") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = DBusDecoder(bytes: encodedBytes)
            blackHole(try decoder.decode([UInt8].self))
        }
    }

    Benchmark("decode ay 8 MiB as slice (zero-copy)") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = DBusDecoder(bytes: encodedBytes)
            blackHole(try decoder.decode(ArraySlice<UInt8>.self))
        }
    }

    Benchmark("encode a(iiu) x100000") { benchmark in
        for _ in benchmark.scaledIterations {
            var encoder = DBusEncoder()
            encoder.encode(triples)
            blackHole(encoder.bytes)
        }
    }

    Benchmark("decode a(iiu) x100000") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = DBusDecoder(bytes: encodedTriples)
            blackHole(try decoder.decode([Triple].self))
        }
    }

    Benchmark("encode a{sv} x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            var encoder = DBusEncoder()
            encoder.encode(dictionary)
            blackHole(encoder.bytes)
        }
    }

    Benchmark("decode a{sv} x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = DBusDecoder(bytes: encodedDictionary)
            blackHole(try decoder.decode([String: Variant].self))
        }
    }
}
