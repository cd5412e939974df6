# Sourced by compare.sh and cpu-per-op.sh: the private bus both start.
# bench_bus_config DIR prints a dbus-daemon configuration listening in DIR: EXTERNAL
# authentication, everything allowed (the `eavesdrop="true"` allows also let replies through).
bench_bus_config() {
    cat <<EOF_CONFIG
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF_CONFIG
}
