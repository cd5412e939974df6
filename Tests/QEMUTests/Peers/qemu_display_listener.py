#!/usr/bin/python3
"""Reference peer: a QEMU display listener written with PyGObject (GDBus).

Registers a listener on one QEMU console over a private bus, receives the first Scanout (and
any Updates until --updates are seen), and writes the picture as a PNG. It proves the flow a
Swift client must implement:

  1. create an AF_UNIX socket pair;
  2. call org.qemu.Display1.Console.RegisterListener(h) on the bus with one end;
  3. on the other end, open a peer-to-peer D-Bus connection as the authentication CLIENT with
     message processing delayed, export org.qemu.Display1.Listener at
     /org/qemu/Display1/Listener, then start processing;
  4. answer Properties.GetAll, then receive Scanout / Update (sent without reply expected).

Usage: qemu_display_listener.py --address BUS [--console 0] [--png out.png] [--updates 0]
       [--timeout 10]
       qemu_display_listener.py --stdin-socket ...  (QEMU in p2p mode; standard input is a socket
       that was already handed to QEMU with QMP add_client, so RegisterListener goes over that
       peer-to-peer connection with no destination)
Prints one JSON line per received call (without pixel data) and a summary line, then exits 0;
exits 1 on timeout or error.
"""

import argparse
import json
import socket
import struct
import sys
import time
import zlib

from gi.repository import Gio, GLib

LISTENER_XML = """
<node>
  <interface name="org.qemu.Display1.Listener">
    <method name="Scanout">
      <arg name="width" type="u" direction="in"/><arg name="height" type="u" direction="in"/>
      <arg name="stride" type="u" direction="in"/><arg name="pixman_format" type="u" direction="in"/>
      <arg name="data" type="ay" direction="in"/>
    </method>
    <method name="Update">
      <arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/>
      <arg name="width" type="i" direction="in"/><arg name="height" type="i" direction="in"/>
      <arg name="stride" type="u" direction="in"/><arg name="pixman_format" type="u" direction="in"/>
      <arg name="data" type="ay" direction="in"/>
    </method>
    <method name="ScanoutDMABUF">
      <arg name="dmabuf" type="h" direction="in"/><arg name="width" type="u" direction="in"/>
      <arg name="height" type="u" direction="in"/><arg name="stride" type="u" direction="in"/>
      <arg name="fourcc" type="u" direction="in"/><arg name="modifier" type="t" direction="in"/>
      <arg name="y0_top" type="b" direction="in"/>
    </method>
    <method name="UpdateDMABUF">
      <arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/>
      <arg name="width" type="i" direction="in"/><arg name="height" type="i" direction="in"/>
    </method>
    <method name="Disable"/>
    <method name="MouseSet">
      <arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/>
      <arg name="on" type="i" direction="in"/>
    </method>
    <method name="CursorDefine">
      <arg name="width" type="i" direction="in"/><arg name="height" type="i" direction="in"/>
      <arg name="hot_x" type="i" direction="in"/><arg name="hot_y" type="i" direction="in"/>
      <arg name="data" type="ay" direction="in"/>
    </method>
    <property name="Interfaces" type="as" access="read"/>
  </interface>
</node>
"""

PIXMAN_X8R8G8B8 = 0x20020888


def write_png(path, width, height, stride, bgrx):
    """Writes 32-bit B,G,R,X rows as an 8-bit RGB PNG (no third-party modules)."""
    rows = bytearray()
    for y in range(height):
        row = bgrx[y * stride: y * stride + width * 4]
        rgb = bytearray(width * 3)
        rgb[0::3] = row[2::4]
        rgb[1::3] = row[1::4]
        rgb[2::3] = row[0::4]
        rows += b"\x00" + rgb

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser()
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--address")
    where.add_argument("--stdin-socket", action="store_true")
    parser.add_argument("--console", type=int, default=0)
    parser.add_argument("--png")
    parser.add_argument("--updates", type=int, default=0, help="wait for this many Updates after the Scanout")
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--getall-error", action="store_true",
                        help="answer QEMU's Properties.GetAll with an UnknownMethod error, as a listener without Properties would")
    options = parser.parse_args()

    started = time.monotonic()
    loop = GLib.MainLoop()
    state = {"scanout": None, "updates": 0, "getall": False, "failed": None}

    def emit(event, **fields):
        fields["event"] = event
        fields["ms"] = round((time.monotonic() - started) * 1000, 1)
        print(json.dumps(fields), flush=True)

    def finish_if_done():
        if state["scanout"] is not None and state["updates"] >= options.updates:
            loop.quit()

    def on_call(connection, sender, path, interface, method, params, invocation):
        flags = invocation.get_message().get_flags()
        no_reply = bool(flags & Gio.DBusMessageFlags.NO_REPLY_EXPECTED)
        if method in ("Scanout", "Update", "CursorDefine"):
            data = params.get_child_value(params.n_children() - 1).get_data_as_bytes().get_data()
            # Unpack the scalar arguments one by one: unpacking the whole tuple would turn the
            # megabyte of pixels into a Python list of ints, which takes seconds.
            head = [params.get_child_value(i).unpack() for i in range(params.n_children() - 1)]
            emit(method, args=list(head), bytes=len(data), no_reply_expected=no_reply)
            if method == "Scanout":
                width, height, stride, fmt = head
                state["scanout"] = (width, height, stride, fmt, data)
            elif method == "Update" and state["scanout"] is not None:
                state["updates"] += 1
        else:
            emit(method, args=list(params.unpack()), no_reply_expected=no_reply)
        invocation.return_value(None)
        finish_if_done()

    def on_get_property(connection, sender, path, interface, name):
        state["getall"] = True
        emit("GetProperty", name=name)
        return GLib.Variant("as", [])

    if options.stdin_socket:
        # QEMU authenticates as the server on the add_client socket too.
        bus = Gio.DBusConnection.new_sync(
            Gio.Socket.new_from_fd(socket.socket(fileno=sys.stdin.fileno()).detach()).connection_factory_create_connection(),
            None, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT, None, None)
        destination = None
    else:
        bus = Gio.DBusConnection.new_for_address_sync(
            options.address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)
        destination = "org.qemu"
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)

    fds = Gio.UnixFDList.new()
    fds.append(theirs.fileno())
    bus.call_with_unix_fd_list_sync(
        destination, f"/org/qemu/Display1/Console_{options.console}", "org.qemu.Display1.Console",
        "RegisterListener", GLib.Variant("(h)", (0,)), None, Gio.DBusCallFlags.NONE, 5000, fds, None)
    theirs.close()  # QEMU holds its own copy now
    emit("Registered")

    stream = Gio.Socket.new_from_fd(ours.detach()).connection_factory_create_connection()
    peer = Gio.DBusConnection.new_sync(
        stream, None,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.DELAY_MESSAGE_PROCESSING,
        None, None)
    emit("Authenticated")
    if options.getall_error:
        def refuse_getall(connection, message, incoming):
            if incoming and message.get_member() == "GetAll":
                emit("GetAllRefused")
                connection.send_message(Gio.DBusMessage.new_method_error_literal(
                    message, "org.freedesktop.DBus.Error.UnknownMethod", "no Properties here"),
                    Gio.DBusSendMessageFlags.NONE)
                return None
            return message
        peer.add_filter(refuse_getall)
    info = Gio.DBusNodeInfo.new_for_xml(LISTENER_XML).interfaces[0]
    peer.register_object("/org/qemu/Display1/Listener", info, on_call, on_get_property, None)
    peer.start_message_processing()

    def on_timeout():
        state["failed"] = f"timed out after {options.timeout} s"
        loop.quit()
        return False

    GLib.timeout_add(int(options.timeout * 1000), on_timeout)
    loop.run()
    if state["failed"]:
        emit("Error", message=state["failed"], getall=state["getall"])
        return 1
    width, height, stride, fmt, data = state["scanout"]
    if options.png:
        write_png(options.png, width, height, stride, data)
    emit("Done", width=width, height=height, stride=stride, pixman_format=hex(fmt), updates=state["updates"], getall=state["getall"])
    peer.close_sync(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
