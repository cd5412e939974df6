#!/usr/bin/python3
"""A GDBus peer-to-peer end on the socket inherited as fd 3.

argv[1] is the authentication role GDBus plays: "server" (as QEMU does on a display socket
pair) or "client". Like QEMU, it first calls the Swift side: Properties.GetAll on
/org/example/Swift, then Echo with NO_REPLY_EXPECTED, then Add. It exports /org/example/G with
EchoBytes and MakeFD for the Swift side to call, prints READY, and exits when the connection
closes (printing CLOSED)."""
import os
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.example.Types1">
    <method name="EchoBytes"><arg type="ay" direction="in"/><arg type="ay" direction="out"/></method>
    <method name="MakeFD"><arg type="s" direction="in"/><arg type="h" direction="out"/></method>
  </interface>
</node>
"""


def main():
    role = sys.argv[1]
    socket = Gio.Socket.new_from_fd(3)
    stream = socket.connection_factory_create_connection()
    flags = Gio.DBusConnectionFlags.DELAY_MESSAGE_PROCESSING
    if role == "server":
        flags |= Gio.DBusConnectionFlags.AUTHENTICATION_SERVER
        guid = Gio.dbus_generate_guid()
    else:
        flags |= Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        guid = None
    connection = Gio.DBusConnection.new_sync(stream, guid, flags, None, None)
    loop = GLib.MainLoop()

    def method_call(conn, sender, path, interface, method, params, invocation):
        if method == "EchoBytes":
            invocation.return_value(params)
        elif method == "MakeFD":
            read_end, write_end = os.pipe()
            os.write(write_end, params.unpack()[0].encode())
            os.close(write_end)
            invocation.return_value_with_unix_fd_list(GLib.Variant("(h)", (0,)), Gio.UnixFDList.new_from_array([read_end]))

    node = Gio.DBusNodeInfo.new_for_xml(XML)
    connection.register_object("/org/example/G", node.interfaces[0], method_call, None, None)

    def closed(conn, remote, error):
        print("CLOSED", flush=True)
        loop.quit()

    connection.connect("closed", closed)
    connection.start_message_processing()

    props = connection.call_sync(None, "/org/example/Swift", "org.freedesktop.DBus.Properties", "GetAll",
                                 GLib.Variant("(s)", ("org.example.Swift1",)), GLib.VariantType("(a{sv})"),
                                 Gio.DBusCallFlags.NONE, 25000, None).unpack()[0]
    print("GETALL", ",".join(f"{k}={v}" for k, v in sorted(props.items())), flush=True)
    # No callback: GDBus sends the call with NO_REPLY_EXPECTED, as QEMU does for Scanout/Update.
    connection.call(None, "/org/example/Swift", "org.example.Swift1", "Echo", GLib.Variant("(s)", ("no reply",)),
                    None, Gio.DBusCallFlags.NONE, -1, None, None)
    total = connection.call_sync(None, "/org/example/Swift", "org.example.Swift1", "Add", GLib.Variant("(ii)", (2, 3)),
                                 GLib.VariantType("(i)"), Gio.DBusCallFlags.NONE, 25000, None).unpack()[0]
    print("ADD", total, flush=True)
    print("READY", flush=True)
    loop.run()


main()
