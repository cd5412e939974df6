#!/usr/bin/python3
"""Writes golden D-Bus messages produced by GLib's GDBusMessage (via PyGObject).

Run with the system Python, which has PyGObject:  /usr/bin/python3 make-messages.py
Output: messages/<case>-<le|be>.bin (one complete message each, from GDBusMessage.to_blob)
and messages/manifest.tsv (one row per file: the header values GLib was given).
The Swift test (Tests/DBusTests/Wire/GoldenMessageTests.swift) builds the same bodies from
typed Swift values and compares.
"""
import os
import sys

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "messages")
V = GLib.Variant


def call(member="Frob", **kw):
    m = Gio.DBusMessage.new_method_call("org.example.Service", "/org/example/Object", "org.example.Iface", member)
    return m


def with_body(sig, values):
    def make():
        m = call()
        m.set_body(V("(" + sig + ")", values))
        return m
    return make


def method_call_plain():
    m = call("Ping")
    return m


def method_call_flags():
    m = Gio.DBusMessage.new_method_call(None, "/", None, "Hello")
    m.set_flags(Gio.DBusMessageFlags.NO_REPLY_EXPECTED | Gio.DBusMessageFlags.NO_AUTO_START
                | Gio.DBusMessageFlags.ALLOW_INTERACTIVE_AUTHORIZATION)
    return m


def method_call_sender():
    m = call("Get")
    m.set_sender(":1.42")
    m.set_body(V("(ss)", ("org.example.Iface", "Version")))
    return m


def method_return():
    c = call()
    c.set_serial(77)
    c.set_sender(":1.7")
    r = c.new_method_reply()
    r.set_body(V("(s)", ("done",)))
    return r


def error_reply():
    c = call()
    c.set_serial(78)
    c.set_sender(":1.8")
    return c.new_method_error_literal("org.freedesktop.DBus.Error.InvalidArgs", "Argument 1 is out of range")


def error_no_text():
    # An error without a body.
    c = call()
    c.set_serial(79)
    e = Gio.DBusMessage.new()
    e.set_message_type(Gio.DBusMessageType.ERROR)
    e.set_error_name("org.example.Error.Plain")
    e.set_reply_serial(79)
    return e


def signal():
    m = Gio.DBusMessage.new_signal("/org/example/Object", "org.example.Iface", "Changed")
    m.set_body(V("(sa{sv}as)", ("org.example.Iface", {"Width": V("u", 640), "Title": V("s", "hi")}, ["Stale"])))
    return m


def signal_unicast():
    m = Gio.DBusMessage.new_signal("/org/qemu/Display1/Console_0", "org.qemu.Display1.Listener", "Disable")
    m.set_destination(":1.99")
    return m


def a_sv_mixed():
    d = {}
    for i in range(12):
        d["key%02d" % i] = [V("s", "value %d" % i), V("u", i * 1000), V("d", i / 4.0)][i % 3]
    d["flag"] = V("b", True)
    d["nested"] = V("v", V("(ai)", ([1, 2, 3],)))
    d["path"] = V("o", "/a/b")
    d["bytes"] = V("ay", b"\x00\x01\xfe")
    d["empty"] = V("as", [])
    d["dict"] = V("a{ss}", {"a": "b"})
    m = call("SetAll")
    m.set_body(V("(a{sv})", (d,)))
    return m


def fds():
    r1, w1 = os.pipe()
    fdlist = Gio.UnixFDList.new()
    fdlist.append(r1)
    fdlist.append(w1)
    os.close(r1)
    os.close(w1)
    m = call("RegisterListener")
    m.set_body(V("(hah)", (1, [0, 1])))
    m.set_unix_fd_list(fdlist)
    return m


CASES = [
    ("method-call-plain", method_call_plain),
    ("method-call-flags", method_call_flags),
    ("method-call-sender", method_call_sender),
    ("method-return", method_return),
    ("error-with-text", error_reply),
    ("error-no-text", error_no_text),
    ("signal-broadcast", signal),
    ("signal-unicast", signal_unicast),
    ("bytes", with_body("yyy", (0, 1, 255))),
    ("booleans", with_body("bb", (True, False))),
    ("int16-uint16", with_body("nqn", (-32768, 65535, 1))),
    ("int32-uint32", with_body("yiu", (7, -2147483648, 4294967295))),
    ("int64-uint64", with_body("yxt", (7, -9223372036854775808, 18446744073709551615))),
    ("doubles", with_body("ydd", (1, 1.5, -1e308))),
    ("strings", with_body("ssy", ("", "grüße ✓ 🐟", 1))),
    ("path-signature", with_body("og", ("/org/example/Obj_1", "a{sv}(ii)"))),
    ("byte-array", with_body("ay", (bytes(range(256)),))),
    ("int-arrays-empty", with_body("yaiaxad", (1, [], [], []))),
    ("int-arrays", with_body("anaqaiauaxatad", ([-1, 2], [3], [4, -5, 6], [7], [-8], [9, 10], [0.5, -0.25]))),
    ("bool-array", with_body("ab", ([True, False, True],))),
    ("string-array", with_body("asao", (["a", "", "ccc"], ["/", "/x/y"]))),
    ("nested-arrays", with_body("aayaas", ([b"ab", b"", b"c"], [["x"], [], ["y", "z"]]))),
    ("struct", with_body("y(iiu)", (1, (-1, 2, 3)))),
    ("struct-array", with_body("a(iiu)", ([(1, 2, 3), (-4, 5, 6), (7, -8, 9)],))),
    ("nested-structs", with_body("(y(n(i(x(d)))))", ((1, (2, (3, (4, (5.5,))))),))),
    ("dict-string-variant", a_sv_mixed),
    ("dict-nested", with_body("a{oa{sa{sv}}}", ({"/a": {"org.example.I": {"P": V("t", 5)}}, "/b": {}},))),
    ("dict-int-keys", with_body("a{ys}a{ts}a{bs}", ({1: "one", 2: "two"}, {2**63: "big"}, {True: "t"}))),
    ("variant-basic", with_body("yvyv", (1, V("t", 2**40), 2, V("g", "ii")))),
    ("variant-nested", with_body("v", (V("v", V("v", V("(yav)", (9, [V("s", "deep"), V("d", 0.0)])))),))),
    ("variant-alignment", with_body("(yv)a(yv)", ((1, V("x", -3)), [(2, V("(yt)", (3, 4))), (5, V("ay", b"z"))]))),
    ("unix-fds", fds),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = ["name\tfile\tendianness\ttype\tflags\tserial\tpath\tinterface\tmember\terror_name\treply_serial"
            "\tdestination\tsender\tsignature\tunix_fds"]
    serial = 1000
    for name, make in CASES:
        for order, suffix in ((Gio.DBusMessageByteOrder.LITTLE_ENDIAN, "le"), (Gio.DBusMessageByteOrder.BIG_ENDIAN, "be")):
            m = make()
            serial += 1
            m.set_serial(serial)
            m.set_byte_order(order)
            blob = bytes(m.to_blob(Gio.DBusCapabilityFlags.UNIX_FD_PASSING))
            fname = "%s-%s.bin" % (name, suffix)
            with open(os.path.join(OUT, fname), "wb") as f:
                f.write(blob)
            h = lambda v: "" if v is None else str(v)
            nfds = m.get_num_unix_fds() if hasattr(m, "get_num_unix_fds") else 0
            rows.append("\t".join([
                name, fname, suffix, str(int(m.get_message_type())), str(int(m.get_flags())), str(m.get_serial()),
                h(m.get_path()), h(m.get_interface()), h(m.get_member()), h(m.get_error_name()),
                h(m.get_reply_serial() or None), h(m.get_destination()), h(m.get_sender()),
                h(m.get_signature()), str(nfds),
            ]))
    with open(os.path.join(OUT, "manifest.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print("wrote %d messages with GLib %d.%d.%d" % (len(rows) - 1, GLib.MAJOR_VERSION, GLib.MINOR_VERSION, GLib.MICRO_VERSION))


if __name__ == "__main__":
    sys.exit(main())
