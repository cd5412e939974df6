#!/usr/bin/python3
"""python3-dbus side of the dbus-bench protocol (interface org.example.Bench1 at /org/example/Bench).

  bench_peer.py server bus ADDRESS READYFILE     own org.example.Bench on the bus at ADDRESS
  bench_peer.py server p2p ADDRESS READYFILE     listen on ADDRESS (unix:path=...)
  bench_peer.py client bus|p2p ADDRESS [SECONDS] call every workload, check each reply, print RESULT lines

RESULT lines have the dbus-bench format, with lib `python-dbus`."""
import sys
import time

import dbus
import dbus.bus
import dbus.connection
import dbus.mainloop.glib
import dbus.server
import dbus.service
from gi.repository import GLib

IFACE = "org.example.Bench1"
PATH = "/org/example/Bench"


class Bench(dbus.service.Object):
    @dbus.service.method(IFACE, in_signature="", out_signature="")
    def Ping(self):
        pass

    @dbus.service.method(IFACE, in_signature="ay", out_signature="ay", byte_arrays=True)
    def Echo(self, data):
        return dbus.ByteArray(data)

    @dbus.service.method(IFACE, in_signature="a(iiu)", out_signature="a(iiu)")
    def EchoStructs(self, values):
        return values

    @dbus.service.method(IFACE, in_signature="a{sv}", out_signature="a{sv}")
    def EchoDict(self, values):
        return values


def serve(kind, address, ready_file):
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    keep = []
    if kind == "bus":
        bus = dbus.bus.BusConnection(address)
        keep.append(dbus.service.BusName("org.example.Bench", bus, do_not_queue=True))
        keep.append(Bench(bus, PATH))
    else:
        server = dbus.server.Server(address)

        def on_connection(connection):
            keep.append(Bench(connection, PATH))

        server.on_connection_added.append(on_connection)
        keep.append(server)
    open(ready_file, "w").close()
    print("READY", flush=True)
    GLib.MainLoop().run()


def workloads():
    structs = [(i, -i, (i * 7) & 0xFFFFFFFF) for i in range(10000)]
    mixed = {}
    for i in range(100):
        if i % 3 == 0:
            mixed[f"property-{i}"] = dbus.String(f"value number {i}", variant_level=1)
        elif i % 3 == 1:
            mixed[f"property-{i}"] = dbus.UInt32(i, variant_level=1)
        else:
            mixed[f"property-{i}"] = dbus.Double(i * 0.5, variant_level=1)

    def payload(n):
        return bytes((i * 31) & 0xFF for i in range(n))

    def body_size(n):
        return 4 + n

    return [
        ("Ping", "Ping", "", (), 0, 1, 20000),
        ("Echo ay 64B", "Echo", "ay", (dbus.ByteArray(payload(64)),), body_size(64), 64, None),
        ("Echo ay 64KiB", "Echo", "ay", (dbus.ByteArray(payload(65536)),), body_size(65536), 65536, None),
        ("Echo ay 8MiB", "Echo", "ay", (dbus.ByteArray(payload(8 * 1024 * 1024)),), body_size(8 * 1024 * 1024), 8 * 1024 * 1024, None),
        ("EchoStructs a(iiu) x10000", "EchoStructs", "a(iiu)", (structs,), 8 + 16 * 10000, 10000, None),
        ("EchoDict a{sv} x100", "EchoDict", "a{sv}", (mixed,), None, 100, None),
    ]


def same(expected, actual):
    if isinstance(expected, dict):
        return {k: type(v)(v) for k, v in expected.items()} == {str(k): v for k, v in actual.items()} and \
            all(type(expected[k]) is type(actual[k]) for k in expected)
    if isinstance(expected, list):
        return [tuple(x) for x in expected] == [tuple(int(y) for y in x) for x in actual]
    return bytes(expected) == bytes(actual)


def client(kind, address, seconds):
    if kind == "bus":
        connection = dbus.bus.BusConnection(address)
        destination = "org.example.Bench"
    else:
        connection = dbus.connection.Connection(address)
        destination = None
    for name, member, signature, args, request_bytes, elements, fixed in workloads():
        def call():
            return connection.call_blocking(destination, PATH, IFACE, member, signature, args, byte_arrays=True)
        reply = call()
        if args and not same(args[0], reply):
            sys.exit(f"bench_peer: {name}: wrong reply")
        if request_bytes is None:
            request_bytes = 0  # python3-dbus cannot report an encoded body's size; MB/s is left at 0
        iterations = 0
        start = time.monotonic()
        while True:
            call()
            iterations += 1
            elapsed = time.monotonic() - start
            if fixed is not None and iterations >= min(fixed, 2000):
                break
            if fixed is None and elapsed >= seconds:
                break
        ops = iterations / elapsed
        print("\t".join(["RESULT", kind, "python-dbus", name, str(iterations), f"{elapsed:.3f}", f"{ops:.1f}",
                         f"{request_bytes * ops / 1e6:.1f}", f"{elapsed * 1e9 / (iterations * elements):.1f}"]), flush=True)


def main():
    role, kind, address = sys.argv[1], sys.argv[2], sys.argv[3]
    if role == "server":
        serve(kind, address, sys.argv[4])
    else:
        client(kind, address, float(sys.argv[4]) if len(sys.argv) > 4 else 2.0)


main()
