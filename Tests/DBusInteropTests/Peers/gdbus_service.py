#!/usr/bin/python3
"""A GDBus (PyGObject) service on the bus at argv[1], owning org.example.GService.

Object /org/example/G, interface org.example.Types1 (the same echo methods as the python3-dbus
peer) plus a read/write property Counter, whose change emits PropertiesChanged.
Prints READY when the name is owned."""
import os
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.example.Types1">
    <method name="EchoBasics">
      <arg type="ybnqiuxtdsog" direction="in"/>
    </method>
    <method name="EchoDict"><arg type="a{sv}" direction="in"/><arg type="a{sv}" direction="out"/></method>
    <method name="EchoStruct"><arg type="(isasd)" direction="in"/><arg type="(isasd)" direction="out"/></method>
    <method name="EchoVariant"><arg type="v" direction="in"/><arg type="v" direction="out"/></method>
    <method name="EchoBytes"><arg type="ay" direction="in"/><arg type="ay" direction="out"/></method>
    <method name="ReadFD"><arg type="h" direction="in"/><arg type="s" direction="out"/></method>
    <method name="MakeFD"><arg type="s" direction="in"/><arg type="h" direction="out"/></method>
    <method name="Fail"/>
    <property name="Counter" type="u" access="readwrite"/>
  </interface>
</node>
"""
# EchoBasics is declared loosely above; its real arguments are checked in the handler.
XML = XML.replace('<arg type="ybnqiuxtdsog" direction="in"/>', "".join(
    f'<arg type="{c}" direction="in"/>' for c in "ybnqiuxtdsog") + "".join(
    f'<arg type="{c}" direction="out"/>' for c in "ybnqiuxtdsog"))

counter = 7


def main():
    connection = Gio.DBusConnection.new_for_address_sync(
        sys.argv[1],
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)
    node = Gio.DBusNodeInfo.new_for_xml(XML)

    def method_call(conn, sender, path, interface, method, params, invocation):
        message = invocation.get_message()
        if method == "EchoBasics":
            invocation.return_value(params)
        elif method in ("EchoDict", "EchoStruct", "EchoVariant", "EchoBytes"):
            invocation.return_value(params)
        elif method == "ReadFD":
            fds = message.get_unix_fd_list()
            fd = fds.get(params.unpack()[0])
            with os.fdopen(fd, "rb") as stream:
                invocation.return_value(GLib.Variant("(s)", (stream.read().decode(),)))
        elif method == "MakeFD":
            read_end, write_end = os.pipe()
            os.write(write_end, params.unpack()[0].encode())
            os.close(write_end)
            fd_list = Gio.UnixFDList.new_from_array([read_end])
            invocation.return_value_with_unix_fd_list(GLib.Variant("(h)", (0,)), fd_list)
        elif method == "Fail":
            invocation.return_dbus_error("org.example.Error.GFailure", "gdbus failure text")

    def get_property(conn, sender, path, interface, name):
        return GLib.Variant("u", counter)

    def set_property(conn, sender, path, interface, name, value):
        global counter
        counter = value.unpack()
        conn.emit_signal(None, path, "org.freedesktop.DBus.Properties", "PropertiesChanged",
                         GLib.Variant("(sa{sv}as)", (interface, {"Counter": GLib.Variant("u", counter)}, [])))
        return True

    connection.register_object("/org/example/G", node.interfaces[0], method_call, get_property, set_property)

    def on_swift_properties(conn, sender, path, interface, signal, params):
        iface, changed, invalidated = params.unpack()
        print("GOT-PROPERTIES", path, iface, ",".join(f"{k}={v}" for k, v in sorted(changed.items())), flush=True)

    connection.signal_subscribe(None, "org.freedesktop.DBus.Properties", "PropertiesChanged", None, None,
                                Gio.DBusSignalFlags.NONE, on_swift_properties)

    loop = GLib.MainLoop()

    def acquired(conn, name):
        print("READY", conn.get_unique_name(), flush=True)

    Gio.bus_own_name_on_connection(connection, "org.example.GService", Gio.BusNameOwnerFlags.NONE, acquired, None)
    loop.run()


main()
