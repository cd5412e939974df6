#!/usr/bin/python3
"""Reference peer: a QEMU audio listener (org.qemu.Display1.AudioOutListener / AudioInListener).

Same peer-to-peer pattern as the display listener: socket pair, Audio.RegisterOutListener(h)
(or RegisterInListener) on the bus, then a GDBus client-role connection on our end exporting
the listener at /org/qemu/Display1/AudioOutListener (or AudioInListener). QEMU replays Init and
SetEnabled for every existing stream right after registering.

Usage: qemu_audio_listener.py --address BUS [--direction out|in] [--calls 2] [--timeout 10]
Prints one JSON line per call received (Write/Read data reduced to its length), exits 0 once
--calls calls arrived, 1 on timeout.
"""

import argparse
import json
import socket
import sys

from gi.repository import Gio, GLib

COMMON = """
    <method name="Init">
      <arg name="id" type="t" direction="in"/><arg name="bits" type="y" direction="in"/>
      <arg name="is_signed" type="b" direction="in"/><arg name="is_float" type="b" direction="in"/>
      <arg name="freq" type="u" direction="in"/><arg name="nchannels" type="y" direction="in"/>
      <arg name="bytes_per_frame" type="u" direction="in"/>
      <arg name="bytes_per_second" type="u" direction="in"/><arg name="be" type="b" direction="in"/>
    </method>
    <method name="Fini"><arg name="id" type="t" direction="in"/></method>
    <method name="SetEnabled">
      <arg name="id" type="t" direction="in"/><arg name="enabled" type="b" direction="in"/>
    </method>
    <method name="SetVolume">
      <arg name="id" type="t" direction="in"/><arg name="mute" type="b" direction="in"/>
      <arg name="volume" type="ay" direction="in"/>
    </method>
    <property name="Interfaces" type="as" access="read"/>
"""
OUT_XML = f"""<node><interface name="org.qemu.Display1.AudioOutListener">{COMMON}
    <method name="Write">
      <arg name="id" type="t" direction="in"/><arg name="data" type="ay" direction="in"/>
    </method></interface></node>"""
IN_XML = f"""<node><interface name="org.qemu.Display1.AudioInListener">{COMMON}
    <method name="Read">
      <arg name="id" type="t" direction="in"/><arg name="size" type="t" direction="in"/>
      <arg name="data" type="ay" direction="out"/>
    </method></interface></node>"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--direction", choices=["out", "in"], default="out")
    parser.add_argument("--calls", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10)
    options = parser.parse_args()
    kind = "Out" if options.direction == "out" else "In"

    loop = GLib.MainLoop()
    state = {"calls": 0, "timed_out": False}

    def on_call(connection, sender, path, interface, method, params, invocation):
        args = []
        for i in range(params.n_children()):
            child = params.get_child_value(i)
            args.append(len(child.get_data_as_bytes().get_data()) if child.get_type_string() == "ay" else child.unpack())
        print(json.dumps({"event": method, "args": args}), flush=True)
        if method == "Read":
            invocation.return_value(GLib.Variant("(ay)", (b"\x00" * 0,)))  # nothing captured
        else:
            invocation.return_value(None)
        state["calls"] += 1
        if state["calls"] >= options.calls:
            loop.quit()

    def on_get_property(connection, sender, path, interface, name):
        print(json.dumps({"event": "GetProperty", "name": name}), flush=True)
        return GLib.Variant("as", [])

    bus = Gio.DBusConnection.new_for_address_sync(
        options.address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fds = Gio.UnixFDList.new()
    fds.append(theirs.fileno())
    bus.call_with_unix_fd_list_sync("org.qemu", "/org/qemu/Display1/Audio", "org.qemu.Display1.Audio",
                                    f"Register{kind}Listener", GLib.Variant("(h)", (0,)), None,
                                    Gio.DBusCallFlags.NONE, 5000, fds, None)
    theirs.close()
    peer = Gio.DBusConnection.new_sync(
        Gio.Socket.new_from_fd(ours.detach()).connection_factory_create_connection(), None,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.DELAY_MESSAGE_PROCESSING,
        None, None)
    info = Gio.DBusNodeInfo.new_for_xml(OUT_XML if kind == "Out" else IN_XML).interfaces[0]
    peer.register_object(f"/org/qemu/Display1/Audio{kind}Listener", info, on_call, on_get_property, None)
    peer.start_message_processing()

    def on_timeout():
        state["timed_out"] = True
        loop.quit()
        return False

    GLib.timeout_add(int(options.timeout * 1000), on_timeout)
    loop.run()
    print(json.dumps({"event": "Done", "calls": state["calls"], "timed_out": state["timed_out"]}), flush=True)
    return 1 if state["timed_out"] else 0


if __name__ == "__main__":
    sys.exit(main())
