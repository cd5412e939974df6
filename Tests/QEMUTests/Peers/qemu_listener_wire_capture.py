#!/usr/bin/python3
"""Reference tool: record the bytes QEMU and a GDBus display listener exchange.

Runs the same flow as qemu_display_listener.py, but puts a byte relay between QEMU's end of the
socket pair and the GDBus listener, and writes what passed, so the Swift runtime can be checked
against QEMU's real authentication lines and messages:

  AUTH.txt        the SASL lines in both directions, in order ("C: ..." from the listener,
                  "S: ..." from QEMU)
  messages.jsonl  one line per D-Bus message after BEGIN: direction, header fields, body length
  NNN-from-qemu.bin / NNN-to-qemu.bin   the first --keep messages of at most --max-bytes each

Usage: qemu_listener_wire_capture.py --address BUS --out DIR [--messages 6] [--keep 4]
       [--max-bytes 65536]
Exits 0 after --messages messages from QEMU were relayed.
"""

import argparse
import json
import os
import select
import socket
import struct
import sys
import threading

from gi.repository import Gio, GLib

HEADER_FIELDS = {1: "path", 2: "interface", 3: "member", 4: "error_name", 5: "reply_serial",
                 6: "destination", 7: "sender", 8: "signature", 9: "unix_fds"}
TYPES = {1: "method_call", 2: "method_return", 3: "error", 4: "signal"}


def parse_header(data):
    """Fixed header and header fields of one message (enough for a transcript, not a full parser)."""
    endian = "<" if data[0:1] == b"l" else ">"
    kind, flags, version = data[1], data[2], data[3]
    body_length, serial, fields_length = struct.unpack(endian + "III", data[4:16])
    fields, offset, end = {}, 16, 16 + fields_length
    while offset < end:
        offset = (offset + 7) & ~7
        code = data[offset]
        signature_length = data[offset + 1]
        signature = data[offset + 2: offset + 2 + signature_length].decode()
        offset += 3 + signature_length
        if signature in ("s", "o"):
            offset = (offset + 3) & ~3
            (length,) = struct.unpack(endian + "I", data[offset:offset + 4])
            value = data[offset + 4: offset + 4 + length].decode()
            offset += 5 + length
        elif signature == "g":
            length = data[offset]
            value = data[offset + 1: offset + 1 + length].decode()
            offset += 2 + length
        elif signature == "u":
            offset = (offset + 3) & ~3
            (value,) = struct.unpack(endian + "I", data[offset:offset + 4])
            offset += 4
        else:
            raise ValueError(f"unexpected header field signature {signature}")
        fields[HEADER_FIELDS.get(code, str(code))] = value
    header_end = (end + 7) & ~7
    return {"endian": "little" if endian == "<" else "big", "type": TYPES.get(kind, kind), "flags": flags,
            "version": version, "serial": serial, "body_length": body_length, **fields}, header_end + body_length


class Relay:
    def __init__(self, qemu_side, listener_side, out, messages, keep, max_bytes):
        self.sides = {qemu_side: ("from-qemu", listener_side), listener_side: ("to-qemu", qemu_side)}
        self.buffers = {"from-qemu": b"", "to-qemu": b""}
        self.authenticated = {"from-qemu": False, "to-qemu": False}
        self.out, self.wanted, self.keep, self.max_bytes = out, messages, keep, max_bytes
        self.auth = open(os.path.join(out, "AUTH.txt"), "w")
        self.log = open(os.path.join(out, "messages.jsonl"), "w")
        self.count = 0
        self.from_qemu = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            readable, _, _ = select.select(list(self.sides), [], [], 30)
            if not readable:
                break
            for sock in readable:
                direction, other = self.sides[sock]
                chunk = sock.recv(1 << 20)
                if not chunk:
                    self.done.set()
                    break
                other.sendall(chunk)
                self.record(direction, chunk)
        self.auth.close()
        self.log.close()
        self.done.set()

    def record(self, direction, chunk):
        self.buffers[direction] += chunk
        buffer = self.buffers[direction]
        while not self.authenticated[direction]:
            if direction == "to-qemu" and buffer.startswith(b"\0"):
                self.auth.write("C: <NUL byte>\n")
                buffer = buffer[1:]
            line_end = buffer.find(b"\r\n")
            if line_end < 0:
                break
            line = buffer[:line_end].decode(errors="replace")
            self.auth.write(("C: " if direction == "to-qemu" else "S: ") + line + "\n")
            self.auth.flush()
            buffer = buffer[line_end + 2:]
            if direction == "to-qemu" and line == "BEGIN":
                self.authenticated[direction] = True
            if direction == "from-qemu" and line.startswith(("AGREE_UNIX_FD", "ERROR")):
                self.authenticated[direction] = True
        while self.authenticated[direction] and len(buffer) >= 16:
            try:
                header, total = parse_header(buffer)
            except (IndexError, struct.error):
                break
            if len(buffer) < total:
                break
            message, buffer = buffer[:total], buffer[total:]
            header["direction"] = direction
            header["bytes"] = total
            self.log.write(json.dumps(header) + "\n")
            self.log.flush()
            if self.count < self.keep and total <= self.max_bytes:
                with open(os.path.join(self.out, f"{self.count:03d}-{direction}.bin"), "wb") as f:
                    f.write(message)
            self.count += 1
            if direction == "from-qemu":
                self.from_qemu += 1
                if self.from_qemu >= self.wanted:
                    self.done.set()
        self.buffers[direction] = buffer


LISTENER_XML = """
<node><interface name="org.qemu.Display1.Listener">
  <method name="Scanout"><arg name="width" type="u"/><arg name="height" type="u"/><arg name="stride" type="u"/>
    <arg name="pixman_format" type="u"/><arg name="data" type="ay"/></method>
  <method name="Update"><arg name="x" type="i"/><arg name="y" type="i"/><arg name="width" type="i"/>
    <arg name="height" type="i"/><arg name="stride" type="u"/><arg name="pixman_format" type="u"/>
    <arg name="data" type="ay"/></method>
  <method name="Disable"/>
  <method name="MouseSet"><arg name="x" type="i"/><arg name="y" type="i"/><arg name="on" type="i"/></method>
  <method name="CursorDefine"><arg name="width" type="i"/><arg name="height" type="i"/><arg name="hot_x" type="i"/>
    <arg name="hot_y" type="i"/><arg name="data" type="ay"/></method>
  <property name="Interfaces" type="as" access="read"/>
</interface></node>
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--messages", type=int, default=6, help="stop after this many messages from QEMU")
    parser.add_argument("--keep", type=int, default=4)
    parser.add_argument("--max-bytes", type=int, default=65536)
    options = parser.parse_args()
    os.makedirs(options.out, exist_ok=True)

    bus = Gio.DBusConnection.new_for_address_sync(
        options.address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    relay_qemu, qemu_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    relay_listener, listener_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    relay = Relay(relay_qemu, relay_listener, options.out, options.messages, options.keep, options.max_bytes)
    threading.Thread(target=relay.run, daemon=True).start()

    fds = Gio.UnixFDList.new()
    fds.append(qemu_end.fileno())
    bus.call_with_unix_fd_list_sync("org.qemu", "/org/qemu/Display1/Console_0", "org.qemu.Display1.Console",
                                    "RegisterListener", GLib.Variant("(h)", (0,)), None,
                                    Gio.DBusCallFlags.NONE, 5000, fds, None)
    qemu_end.close()

    peer = Gio.DBusConnection.new_sync(
        Gio.Socket.new_from_fd(listener_end.detach()).connection_factory_create_connection(), None,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.DELAY_MESSAGE_PROCESSING,
        None, None)

    def on_call(connection, sender, path, interface, method, params, invocation):
        invocation.return_value(None)

    def on_get_property(connection, sender, path, interface, name):
        return GLib.Variant("as", [])

    info = Gio.DBusNodeInfo.new_for_xml(LISTENER_XML).interfaces[0]
    peer.register_object("/org/qemu/Display1/Listener", info, on_call, on_get_property, None)
    peer.start_message_processing()

    context = GLib.MainContext.default()
    while not relay.done.is_set():
        context.iteration(False)
        relay.done.wait(0.01)
    print(json.dumps({"event": "Done", "messages": relay.count, "from_qemu": relay.from_qemu}), flush=True)
    return 0 if relay.from_qemu >= options.messages else 1


if __name__ == "__main__":
    sys.exit(main())
