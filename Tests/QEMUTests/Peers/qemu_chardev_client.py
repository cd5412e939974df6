#!/usr/bin/python3
"""Reference peer: attach to a QEMU dbus chardev with org.qemu.Display1.Chardev.Register(h).

The socket carries the device's raw bytes, not D-Bus. For an HMP monitor chardev, sends
--command and prints what comes back.

Usage: qemu_chardev_client.py --address BUS --chardev ID [--command "info version"]
Prints JSON lines: {"event": "Registered", "owner": ...}, then {"event": "Output", "text": ...}
with everything received until --expect appears (or --timeout passes).
"""

import argparse
import json
import select
import socket
import sys
import time

from gi.repository import Gio, GLib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--chardev", required=True, help="the -chardev id (object Chardev_ID)")
    parser.add_argument("--command", default="info version")
    parser.add_argument("--expect", default="(qemu)", help="stop after this text was seen twice")
    parser.add_argument("--timeout", type=float, default=10)
    options = parser.parse_args()

    bus = Gio.DBusConnection.new_for_address_sync(
        options.address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    path = f"/org/qemu/Display1/Chardev_{options.chardev}"
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fds = Gio.UnixFDList.new()
    fds.append(theirs.fileno())
    bus.call_with_unix_fd_list_sync("org.qemu", path, "org.qemu.Display1.Chardev", "Register",
                                    GLib.Variant("(h)", (0,)), None, Gio.DBusCallFlags.NONE, 5000, fds, None)
    theirs.close()
    owner = bus.call_sync("org.qemu", path, "org.freedesktop.DBus.Properties", "Get",
                          GLib.Variant("(ss)", ("org.qemu.Display1.Chardev", "Owner")), None,
                          Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
    print(json.dumps({"event": "Registered", "owner": owner, "unique_name": bus.get_unique_name()}), flush=True)

    received = b""
    sent = False
    deadline = time.monotonic() + options.timeout
    while received.count(options.expect.encode()) < 2:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        readable, _, _ = select.select([ours], [], [], left)
        if not readable:
            break
        chunk = ours.recv(65536)
        if not chunk:
            break
        received += chunk
        if not sent and options.expect.encode() in received:
            ours.sendall(options.command.encode() + b"\n")
            sent = True
    print(json.dumps({"event": "Output", "text": received.decode(errors="replace")}), flush=True)
    return 0 if received.count(options.expect.encode()) >= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
