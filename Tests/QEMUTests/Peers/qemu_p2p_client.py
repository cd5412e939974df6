#!/usr/bin/python3
"""Reference peer: talk to QEMU's dbus display without a bus (`-display dbus,p2p=yes`).

Hands QEMU one end of a socket pair through QMP (`getfd` with the descriptor in SCM_RIGHTS,
then `add_client` with protocol `@dbus-display`), authenticates on the other end as the D-Bus
client (QEMU is the server), and calls methods with no destination.

Usage: qemu_p2p_client.py --qmp QMP_SOCKET   (does getfd + add_client itself)
       qemu_p2p_client.py --stdin-socket     (someone else did add_client; the socket is stdin)
Prints a JSON object with the managed object paths, VM.Name and the console size, exits 0.
"""

import argparse
import array
import json
import socket
import sys

from gi.repository import Gio, GLib


def qmp_command(stream, sock, command, fds=None):
    line = (json.dumps(command) + "\n").encode()
    if fds:
        sock.sendmsg([line], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
    else:
        sock.sendall(line)
    while True:
        reply = json.loads(stream.readline())
        if "return" in reply:
            return reply["return"]
        if "error" in reply:
            raise RuntimeError(f"QMP {command['execute']}: {reply['error']}")


def main():
    parser = argparse.ArgumentParser()
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--qmp")
    mode.add_argument("--stdin-socket", action="store_true")
    options = parser.parse_args()
    if options.stdin_socket:
        return talk(socket.socket(fileno=sys.stdin.fileno()))

    qmp = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    qmp.connect(options.qmp)
    stream = qmp.makefile("r")
    json.loads(stream.readline())  # greeting
    qmp_command(stream, qmp, {"execute": "qmp_capabilities"})

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    qmp_command(stream, qmp, {"execute": "getfd", "arguments": {"fdname": "dbus-p2p"}}, [theirs.fileno()])
    theirs.close()
    qmp_command(stream, qmp, {"execute": "add_client", "arguments": {"protocol": "@dbus-display", "fdname": "dbus-p2p"}})
    return talk(ours)


def talk(ours):
    connection = Gio.DBusConnection.new_sync(
        Gio.Socket.new_from_fd(ours.detach()).connection_factory_create_connection(),
        None, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT, None, None)

    def call(path, interface, method, args=None, reply_type=None):
        return connection.call_sync(None, path, interface, method, args, reply_type, Gio.DBusCallFlags.NONE, 5000, None).unpack()

    objects = call("/org/qemu/Display1", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects")[0]
    name = call("/org/qemu/Display1/VM", "org.freedesktop.DBus.Properties", "Get", GLib.Variant("(ss)", ("org.qemu.Display1.VM", "Name")))[0]
    console = call("/org/qemu/Display1/Console_0", "org.freedesktop.DBus.Properties", "GetAll", GLib.Variant("(s)", ("org.qemu.Display1.Console",)))[0]
    print(json.dumps({"objects": sorted(objects), "name": name, "width": console["Width"], "height": console["Height"]}))
    connection.close_sync(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
