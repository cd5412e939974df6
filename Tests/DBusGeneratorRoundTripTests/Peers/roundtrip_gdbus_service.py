#!/usr/bin/python3
"""Part of org.example.RoundTrip1 served by GDBus (PyGObject), for interop tests of generated proxies.

Usage: roundtrip_gdbus_service.py BUS_ADDRESS BUS_NAME
Prints "READY" once BUS_NAME is owned; exits when the bus goes away.
"""
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.example.RoundTrip1">
    <method name="EchoRects">
      <arg name="rects" type="a(iiuu)" direction="in"/>
      <arg name="echoed" type="a(iiuu)" direction="out"/>
    </method>
    <method name="EchoOptions">
      <arg name="options" type="a{sv}" direction="in"/>
      <arg name="echoed" type="a{sv}" direction="out"/>
    </method>
    <method name="Fail">
      <arg name="name" type="s" direction="in"/>
      <arg name="message" type="s" direction="in"/>
    </method>
    <method name="Emit">
      <arg name="text" type="s" direction="in"/>
      <arg name="count" type="u" direction="in"/>
    </method>
    <property name="Label" type="s" access="readwrite"/>
    <property name="Origin" type="(ii)" access="read"/>
    <signal name="Announced">
      <arg name="text" type="s"/>
      <arg name="count" type="u"/>
    </signal>
  </interface>
</node>
"""
IFACE = "org.example.RoundTrip1"
PATH = "/org/example/RoundTrip1"
state = {"Label": GLib.Variant("s", "gdbus"), "Origin": GLib.Variant("(ii)", (7, 8))}


def on_call(connection, sender, path, interface, method, params, invocation):
    if method in ("EchoRects", "EchoOptions"):
        invocation.return_value(params)
    elif method == "Fail":
        name, message = params.unpack()
        invocation.return_dbus_error(name, message)
    elif method == "Emit":
        connection.emit_signal(None, PATH, IFACE, "Announced", params)
        invocation.return_value(None)


def on_get(connection, sender, path, interface, name):
    return state[name]


def on_set(connection, sender, path, interface, name, value):
    state[name] = value
    changed = GLib.Variant("a{sv}", {name: value})
    connection.emit_signal(None, PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged",
                           GLib.Variant.new_tuple(GLib.Variant("s", IFACE), changed, GLib.Variant("as", [])))
    return True


def main():
    address, name = sys.argv[1], sys.argv[2]
    flags = Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
    connection = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    connection.register_object(PATH, info, on_call, on_get, on_set)
    loop = GLib.MainLoop()
    connection.connect("closed", lambda *_: loop.quit())

    def acquired(*_):
        print("READY", flush=True)

    Gio.bus_own_name_on_connection(connection, name, Gio.BusNameOwnerFlags.NONE, acquired, lambda *_: loop.quit())
    loop.run()


if __name__ == "__main__":
    main()
