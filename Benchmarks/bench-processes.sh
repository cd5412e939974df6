# Sourced by the benchmark scripts: waiting for a process's ready file, and the private
# dbus-daemon they start.

# wait_for_file FILE SECONDS any|nonempty [PID]: waits up to SECONDS for FILE to exist (any) or to
# exist and be non-empty; fails early when process PID (if given) has died.
wait_for_file() {
    local file="$1" limit="$2" need="$3" pid="${4:-}" start=$SECONDS
    while :; do
        if [ "$need" = any ] && [ -e "$file" ]; then return 0; fi
        if [ "$need" = nonempty ] && [ -s "$file" ]; then return 0; fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        if [ $((SECONDS - start)) -ge "$limit" ]; then return 1; fi
        sleep 0.02
    done
}

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

# start_bench_bus DIR: starts a dbus-daemon listening in DIR (its files go there too) and sets
# bus_pid and bus_address; the caller stops it by PID. Exits the script if it does not start.
start_bench_bus() {
    local dir="$1"
    mkdir -p "$dir"
    bench_bus_config "$dir" >"$dir/bus.conf"
    dbus-daemon --config-file="$dir/bus.conf" --nofork --print-address=3 3>"$dir/bus.address" >/dev/null 2>"$dir/bus.log" &
    bus_pid=$!
    if ! wait_for_file "$dir/bus.address" 10 nonempty "$bus_pid"; then
        echo "$(basename "$0"): dbus-daemon did not start:" >&2
        cat "$dir/bus.log" >&2
        exit 1
    fi
    bus_address="$(head -n 1 "$dir/bus.address")"
}
