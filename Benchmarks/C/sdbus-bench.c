/*
 * sdbus-bench: the dbus-bench protocol (Benchmarks/Sources/dbus-bench) written in C on sd-bus
 * (libsystemd). It exists only to compare the Swift runtime with a mature C D-Bus library on the
 * same machine, in the same run (Benchmarks/compare.sh), and to check that each side interoperates
 * with the other: a C server against the Swift client and the reverse.
 *
 * Build (needs libsystemd-dev, `apt-get install libsystemd-dev`):
 *   Benchmarks/C/build.sh [OUTDIR]         (default Benchmarks/.build-c/)
 * or by hand:
 *   gcc -O2 -o sdbus-bench Benchmarks/C/sdbus-bench.c $(pkg-config --cflags --libs libsystemd)
 *
 * Usage: sdbus-bench MODE [ADDRESS] [READYFILE]
 *   MODE bus-server | bus-client | p2p-server | p2p-client
 *   bus modes use ADDRESS (or $DBUS_SESSION_BUS_ADDRESS); the server owns org.example.Bench.
 *   p2p modes need ADDRESS = unix:path=PATH; the server listens there itself and serves one
 *   connection at a time.
 *   Servers create READYFILE when ready. Clients print one tab-separated line per workload:
 *     RESULT <section> sd-bus <workload> <iters> <secs> <ops/s> <MB/s> <ns/elem>
 *   and the p2p client first prints the raw reference: a 1-byte ping-pong over a socketpair
 *   between two processes (lib "raw"). DBUS_BENCH_ONLY=<text> runs only the workloads whose name
 *   contains <text>. DBUS_BENCH_SECONDS=<s> sets how long each timed workload runs (default 2,
 *   a positive decimal such as 0.2) and DBUS_BENCH_PING=<n> how many Ping calls are timed
 *   (default 20000), for short smoke and interop runs; the raw reference keeps its fixed count.
 *
 * The object is /org/example/Bench, interface org.example.Bench1: Ping(), Echo(ay) -> ay,
 * EchoStructs(a(iiu)) -> a(iiu), EchoDict(a{sv}) -> a{sv}. Like a real sd-bus program, the client
 * builds each request message anew and decodes each reply completely: the byte array (sd-bus
 * hands out a pointer into the message, as its API intends), every struct into an array of C
 * structs, every dict entry with its variant into an array of tagged values (strings stay
 * borrowed from the message, as sd-bus returns them). The server decodes each request the same
 * way and builds the reply from the decoded values.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-id128.h>
#include <time.h>
#include <unistd.h>

#define BENCH_NAME "org.example.Bench"
#define BENCH_PATH "/org/example/Bench"
#define BENCH_INTERFACE "org.example.Bench1"
#define LIB "sd-bus"

static void fail(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fail(const char *format, ...) {
    va_list args;
    va_start(args, format);
    fputs("sdbus-bench: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

/* Fails with the sd-bus error's message when r is negative. */
static void check(int r, const char *what) {
    if (r < 0) fail("%s: %s", what, strerror(-r));
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void mark_ready(const char *ready_file) {
    if (!ready_file) return;
    FILE *file = fopen(ready_file, "w");
    if (!file) fail("cannot create %s: %s", ready_file, strerror(errno));
    fclose(file);
}

static const char *bus_address(const char *address) {
    if (address) return address;
    const char *env = getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!env) fail("no ADDRESS and no DBUS_SESSION_BUS_ADDRESS");
    return env;
}

static void report(const char *section, const char *lib, const char *workload, long iterations,
                   double seconds, size_t body_bytes, size_t elements) {
    double ops = (double)iterations / seconds;
    double megabytes = (double)body_bytes * ops / 1e6;
    double ns_per_element = seconds * 1e9 / ((double)iterations * (double)(elements ? elements : 1));
    printf("RESULT\t%s\t%s\t%s\t%ld\t%.3f\t%.1f\t%.1f\t%.1f\n", section, lib, workload, iterations, seconds,
           ops, megabytes, ns_per_element);
    fflush(stdout);
}

/* ---- Decoded values shared by client and server ---- */

struct triple {
    int32_t a, b;
    uint32_t c;
};

/* A variant holding one basic type (the protocol uses s, u and d). */
struct basic_value {
    char type;
    union {
        uint8_t y;
        int b;
        int16_t n;
        uint16_t q;
        int32_t i;
        uint32_t u;
        int64_t x;
        uint64_t t;
        double d;
        const char *s; /* s, o, g: borrowed from the message */
    } v;
};

struct dict_entry {
    const char *key; /* borrowed from the message */
    struct basic_value value;
};

/* A growable buffer, reused across calls like a client's own storage would be. */
struct buffer {
    void *data;
    size_t count, capacity, element_size;
};

static void *buffer_slot(struct buffer *buffer) {
    if (buffer->count == buffer->capacity) {
        buffer->capacity = buffer->capacity ? buffer->capacity * 2 : 64;
        buffer->data = realloc(buffer->data, buffer->capacity * buffer->element_size);
        if (!buffer->data) fail("out of memory");
    }
    return (char *)buffer->data + buffer->element_size * buffer->count++;
}

/* Reads a(iiu) at the read position into `out` (emptied first). */
static int read_triples(sd_bus_message *m, struct buffer *out) {
    out->count = 0;
    int r = sd_bus_message_enter_container(m, 'a', "(iiu)");
    if (r < 0) return r;
    for (;;) {
        int32_t a, b;
        uint32_t c;
        r = sd_bus_message_read(m, "(iiu)", &a, &b, &c);
        if (r < 0) return r;
        if (r == 0) break;
        struct triple *slot = buffer_slot(out);
        slot->a = a;
        slot->b = b;
        slot->c = c;
    }
    return sd_bus_message_exit_container(m);
}

static int append_triples(sd_bus_message *m, const struct triple *triples, size_t count) {
    int r = sd_bus_message_open_container(m, 'a', "(iiu)");
    if (r < 0) return r;
    for (size_t i = 0; i < count; i++) {
        r = sd_bus_message_append(m, "(iiu)", triples[i].a, triples[i].b, triples[i].c);
        if (r < 0) return r;
    }
    return sd_bus_message_close_container(m);
}

static bool is_basic_type(const char *contents) {
    return contents && contents[0] && !contents[1] && strchr("ybnqiuxtdsog", contents[0]);
}

/* Reads a{sv} whose variants hold basic types into `out` (emptied first). */
static int read_dict(sd_bus_message *m, struct buffer *out) {
    out->count = 0;
    int r = sd_bus_message_enter_container(m, 'a', "{sv}");
    if (r < 0) return r;
    for (;;) {
        r = sd_bus_message_enter_container(m, 'e', "sv");
        if (r < 0) return r;
        if (r == 0) break;
        struct dict_entry *entry = buffer_slot(out);
        r = sd_bus_message_read_basic(m, 's', &entry->key);
        if (r < 0) return r;
        char type;
        const char *contents;
        r = sd_bus_message_peek_type(m, &type, &contents);
        if (r < 0) return r;
        if (type != 'v' || !is_basic_type(contents)) return -EINVAL;
        r = sd_bus_message_enter_container(m, 'v', contents);
        if (r < 0) return r;
        entry->value.type = contents[0];
        r = sd_bus_message_read_basic(m, contents[0], &entry->value.v);
        if (r < 0) return r;
        r = sd_bus_message_exit_container(m);
        if (r < 0) return r;
        r = sd_bus_message_exit_container(m);
        if (r < 0) return r;
    }
    return sd_bus_message_exit_container(m);
}

static int append_dict(sd_bus_message *m, const struct dict_entry *entries, size_t count) {
    int r = sd_bus_message_open_container(m, 'a', "{sv}");
    if (r < 0) return r;
    for (size_t i = 0; i < count; i++) {
        const struct basic_value *value = &entries[i].value;
        char contents[2] = {value->type, 0};
        r = sd_bus_message_open_container(m, 'e', "sv");
        if (r < 0) return r;
        r = sd_bus_message_append_basic(m, 's', entries[i].key);
        if (r < 0) return r;
        r = sd_bus_message_open_container(m, 'v', contents);
        if (r < 0) return r;
        /* Strings are passed as the pointer itself, everything else as a pointer to the value. */
        const void *p = strchr("sog", value->type) ? (const void *)value->v.s : (const void *)&value->v;
        r = sd_bus_message_append_basic(m, value->type, p);
        if (r < 0) return r;
        r = sd_bus_message_close_container(m);
        if (r < 0) return r;
        r = sd_bus_message_close_container(m);
        if (r < 0) return r;
    }
    return sd_bus_message_close_container(m);
}

/* ---- Server ---- */

static struct buffer server_triples = {.element_size = sizeof(struct triple)};
static struct buffer server_entries = {.element_size = sizeof(struct dict_entry)};

static int method_ping(sd_bus_message *m, void *userdata, sd_bus_error *error) {
    (void)userdata;
    (void)error;
    return sd_bus_reply_method_return(m, NULL);
}

static int method_echo(sd_bus_message *m, void *userdata, sd_bus_error *error) {
    (void)userdata;
    (void)error;
    const void *bytes;
    size_t size;
    int r = sd_bus_message_read_array(m, 'y', &bytes, &size);
    if (r < 0) return r;
    sd_bus_message *reply = NULL;
    r = sd_bus_message_new_method_return(m, &reply);
    if (r >= 0) r = sd_bus_message_append_array(reply, 'y', bytes, size);
    if (r >= 0) r = sd_bus_send(NULL, reply, NULL);
    sd_bus_message_unref(reply);
    return r < 0 ? r : 1;
}

static int method_echo_structs(sd_bus_message *m, void *userdata, sd_bus_error *error) {
    (void)userdata;
    (void)error;
    int r = read_triples(m, &server_triples);
    if (r < 0) return r;
    sd_bus_message *reply = NULL;
    r = sd_bus_message_new_method_return(m, &reply);
    if (r >= 0) r = append_triples(reply, server_triples.data, server_triples.count);
    if (r >= 0) r = sd_bus_send(NULL, reply, NULL);
    sd_bus_message_unref(reply);
    return r < 0 ? r : 1;
}

static int method_echo_dict(sd_bus_message *m, void *userdata, sd_bus_error *error) {
    (void)userdata;
    int r = read_dict(m, &server_entries);
    if (r == -EINVAL)
        return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS, "EchoDict takes variants of basic types only");
    if (r < 0) return r;
    sd_bus_message *reply = NULL;
    r = sd_bus_message_new_method_return(m, &reply);
    if (r >= 0) r = append_dict(reply, server_entries.data, server_entries.count);
    if (r >= 0) r = sd_bus_send(NULL, reply, NULL);
    sd_bus_message_unref(reply);
    return r < 0 ? r : 1;
}

/* Unprivileged: open to every caller, like the Swift server's methods. Without the flag sd-bus
 * asks the bus for the caller's credentials (a round trip to dbus-daemon) before each call on a
 * bus connection. */
static const sd_bus_vtable bench_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Ping", "", "", method_ping, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Echo", "ay", "ay", method_echo, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("EchoStructs", "a(iiu)", "a(iiu)", method_echo_structs, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("EchoDict", "a{sv}", "a{sv}", method_echo_dict, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

/* Dispatches until the connection closes. */
static void serve(sd_bus *bus) {
    for (;;) {
        int r = sd_bus_process(bus, NULL);
        if (r == -ECONNRESET || r == -ENOTCONN) return;
        check(r, "sd_bus_process");
        if (r > 0) continue;
        r = sd_bus_wait(bus, UINT64_MAX);
        if (r == -ECONNRESET || r == -ENOTCONN) return;
        if (r == -EINTR) continue;
        check(r, "sd_bus_wait");
    }
}

static void run_bus_server(const char *address, const char *ready_file) {
    sd_bus *bus = NULL;
    check(sd_bus_new(&bus), "sd_bus_new");
    check(sd_bus_set_address(bus, bus_address(address)), "sd_bus_set_address");
    check(sd_bus_set_bus_client(bus, 1), "sd_bus_set_bus_client");
    check(sd_bus_start(bus), "connecting to the bus");
    check(sd_bus_add_object_vtable(bus, NULL, BENCH_PATH, BENCH_INTERFACE, bench_vtable, NULL),
          "sd_bus_add_object_vtable");
    /* Without SD_BUS_NAME_QUEUE this fails when someone else owns the name. */
    check(sd_bus_request_name(bus, BENCH_NAME, 0), "requesting " BENCH_NAME);
    mark_ready(ready_file);
    serve(bus);
    sd_bus_flush_close_unref(bus);
}

/* The PATH of ADDRESS = unix:path=PATH[,key=value...]. */
static char *unix_path(const char *address) {
    const char *prefix = "unix:path=";
    if (!address || strncmp(address, prefix, strlen(prefix)) != 0)
        fail("p2p modes need ADDRESS = unix:path=PATH, got %s", address ? address : "nothing");
    const char *start = address + strlen(prefix);
    return strndup(start, strcspn(start, ","));
}

static void run_p2p_server(const char *address, const char *ready_file) {
    char *path = unix_path(address);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(sa.sun_path)) fail("socket path too long: %s", path);
    strcpy(sa.sun_path, path);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) fail("socket: %s", strerror(errno));
    unlink(path);
    if (bind(listener, (struct sockaddr *)&sa, sizeof(sa)) < 0) fail("bind %s: %s", path, strerror(errno));
    if (listen(listener, 16) < 0) fail("listen: %s", strerror(errno));
    mark_ready(ready_file);
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            fail("accept: %s", strerror(errno));
        }
        sd_bus *bus = NULL;
        sd_id128_t id;
        check(sd_id128_randomize(&id), "sd_id128_randomize");
        check(sd_bus_new(&bus), "sd_bus_new");
        check(sd_bus_set_fd(bus, fd, fd), "sd_bus_set_fd");
        check(sd_bus_set_server(bus, 1, id), "sd_bus_set_server");
        check(sd_bus_add_object_vtable(bus, NULL, BENCH_PATH, BENCH_INTERFACE, bench_vtable, NULL),
              "sd_bus_add_object_vtable");
        int r = sd_bus_start(bus);
        if (r >= 0) serve(bus);
        else fprintf(stderr, "sdbus-bench: sd_bus_start on an accepted connection: %s\n", strerror(-r));
        sd_bus_flush_close_unref(bus); /* Closes fd too. */
    }
}

/* ---- Client ---- */

enum kind { PING, ECHO, STRUCTS, DICT };

struct workload {
    const char *name;
    const char *member;
    enum kind kind;
    size_t count;       /* bytes, structs or dict entries */
    long iterations;    /* fixed count, or 0 to run for `seconds` */
    double seconds;
    size_t body_bytes;  /* marshalled request body length, for MB/s */
    size_t elements;    /* for ns/elem */
};

/* Request data, built once like the Swift client's. */
static uint8_t *echo_bytes; /* the longest payload; shorter ones are its prefixes */
static struct triple *request_triples;
static struct dict_entry request_entries[100];
static char request_keys[100][32], request_strings[100][32];

/* Marshalled body length of a(iiu) with n elements: length, padding to 8, 12-byte structs 8-aligned. */
static size_t triples_body_bytes(size_t n) {
    return n ? 8 + 16 * n - 4 : 4;
}

static size_t align_to(size_t offset, size_t alignment) {
    return (offset + alignment - 1) / alignment * alignment;
}

/* Marshalled body length of a{sv}: length, padding to 8, then 8-aligned entries (key, signature, value). */
static size_t dict_body_bytes(const struct dict_entry *entries, size_t n) {
    size_t offset = 4;
    offset = align_to(offset, 8);
    for (size_t i = 0; i < n; i++) {
        offset = align_to(offset, 8);
        offset += 4 + strlen(entries[i].key) + 1; /* key */
        offset += 3;                              /* variant signature: length, type, NUL */
        switch (entries[i].value.type) {
        case 's': offset = align_to(offset, 4) + 4 + strlen(entries[i].value.v.s) + 1; break;
        case 'u': offset = align_to(offset, 4) + 4; break;
        case 'd': offset = align_to(offset, 8) + 8; break;
        default: fail("unexpected variant type in the request");
        }
    }
    return offset;
}

static void make_requests(void) {
    size_t max_bytes = 8 * 1024 * 1024;
    echo_bytes = malloc(max_bytes);
    if (!echo_bytes) fail("out of memory");
    for (size_t i = 0; i < max_bytes; i++) echo_bytes[i] = (uint8_t)(i * 31);
    request_triples = malloc(10000 * sizeof(struct triple));
    if (!request_triples) fail("out of memory");
    for (int i = 0; i < 10000; i++)
        request_triples[i] = (struct triple){.a = i, .b = -i, .c = (uint32_t)i * 7u};
    for (int i = 0; i < 100; i++) {
        snprintf(request_keys[i], sizeof(request_keys[i]), "property-%d", i);
        request_entries[i].key = request_keys[i];
        switch (i % 3) {
        case 0:
            snprintf(request_strings[i], sizeof(request_strings[i]), "value number %d", i);
            request_entries[i].value.type = 's';
            request_entries[i].value.v.s = request_strings[i];
            break;
        case 1:
            request_entries[i].value.type = 'u';
            request_entries[i].value.v.u = (uint32_t)i;
            break;
        default:
            request_entries[i].value.type = 'd';
            request_entries[i].value.v.d = (double)i * 0.5;
            break;
        }
    }
}

static sd_bus_message *new_request(sd_bus *bus, const char *destination, const struct workload *w) {
    sd_bus_message *m = NULL;
    check(sd_bus_message_new_method_call(bus, &m, destination, BENCH_PATH, BENCH_INTERFACE, w->member),
          "sd_bus_message_new_method_call");
    switch (w->kind) {
    case PING: break;
    case ECHO: check(sd_bus_message_append_array(m, 'y', echo_bytes, w->count), "appending ay"); break;
    case STRUCTS: check(append_triples(m, request_triples, w->count), "appending a(iiu)"); break;
    case DICT: check(append_dict(m, request_entries, w->count), "appending a{sv}"); break;
    }
    return m;
}

/* The decoded reply. */
static const uint8_t *reply_bytes;
static size_t reply_byte_count;
static struct buffer reply_triples = {.element_size = sizeof(struct triple)};
static struct buffer reply_entries = {.element_size = sizeof(struct dict_entry)};

static void decode_reply(sd_bus_message *reply, const struct workload *w) {
    switch (w->kind) {
    case PING:
        if (!sd_bus_message_has_signature(reply, "")) fail("Ping: reply has a body");
        break;
    case ECHO: {
        const void *p;
        check(sd_bus_message_read_array(reply, 'y', &p, &reply_byte_count), "reading ay");
        reply_bytes = p;
        break;
    }
    case STRUCTS: check(read_triples(reply, &reply_triples), "reading a(iiu)"); break;
    case DICT: check(read_dict(reply, &reply_entries), "reading a{sv}"); break;
    }
}

static bool same_value(const struct basic_value *x, const struct basic_value *y) {
    if (x->type != y->type) return false;
    switch (x->type) {
    case 's': return strcmp(x->v.s, y->v.s) == 0;
    case 'u': return x->v.u == y->v.u;
    case 'd': return x->v.d == y->v.d;
    default: return false;
    }
}

/* After decode_reply: does the reply equal the request? (Dict order does not matter.) */
static bool reply_matches(const struct workload *w) {
    switch (w->kind) {
    case PING: return true;
    case ECHO: return reply_byte_count == w->count && memcmp(reply_bytes, echo_bytes, w->count) == 0;
    case STRUCTS:
        return reply_triples.count == w->count &&
               memcmp(reply_triples.data, request_triples, w->count * sizeof(struct triple)) == 0;
    case DICT: {
        if (reply_entries.count != w->count) return false;
        bool seen[100] = {false};
        const struct dict_entry *entries = reply_entries.data;
        for (size_t i = 0; i < reply_entries.count; i++) {
            const char *key = entries[i].key;
            if (strncmp(key, "property-", 9) != 0) return false;
            char *end;
            long index = strtol(key + 9, &end, 10);
            if (*end || index < 0 || index >= (long)w->count || seen[index]) return false;
            if (strcmp(key, request_entries[index].key) != 0) return false;
            if (!same_value(&entries[i].value, &request_entries[index].value)) return false;
            seen[index] = true;
        }
        return true;
    }
    }
    return false;
}

static sd_bus_message *call(sd_bus *bus, const char *destination, const struct workload *w) {
    sd_bus_message *request = new_request(bus, destination, w);
    sd_bus_message *reply = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    int r = sd_bus_call(bus, request, 0, &error, &reply);
    if (r < 0) fail("%s: %s", w->name, error.message ? error.message : strerror(-r));
    sd_bus_error_free(&error);
    sd_bus_message_unref(request);
    return reply;
}

/* A positive number from environment variable `name`, or `fallback` when it is unset. */
static double env_positive(const char *name, double fallback) {
    const char *text = getenv(name);
    if (!text || !*text) return fallback;
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || *end || !(value > 0)) fail("%s must be a positive number, got %s", name, text);
    return value;
}

static void run_client(const char *section, sd_bus *bus, const char *destination) {
    make_requests();
    /* DBUS_BENCH_SECONDS: seconds per timed workload; DBUS_BENCH_PING: timed Ping calls. */
    double seconds = env_positive("DBUS_BENCH_SECONDS", 2);
    double pings = env_positive("DBUS_BENCH_PING", 20000);
    if (pings != (double)(long)pings) fail("DBUS_BENCH_PING must be a whole number, got %s", getenv("DBUS_BENCH_PING"));
    const struct workload workloads[] = {
        {"Ping", "Ping", PING, 0, (long)pings, 0, 0, 1},
        {"Echo ay 64B", "Echo", ECHO, 64, 0, seconds, 4 + 64, 64},
        {"Echo ay 64KiB", "Echo", ECHO, 64 * 1024, 0, seconds, 4 + 64 * 1024, 64 * 1024},
        {"Echo ay 8MiB", "Echo", ECHO, 8 * 1024 * 1024, 0, seconds, 4 + 8 * 1024 * 1024, 8 * 1024 * 1024},
        {"EchoStructs a(iiu) x10000", "EchoStructs", STRUCTS, 10000, 0, seconds, triples_body_bytes(10000), 10000},
        {"EchoDict a{sv} x100", "EchoDict", DICT, 100, 0, seconds, dict_body_bytes(request_entries, 100), 100},
    };
    const char *only = getenv("DBUS_BENCH_ONLY");
    for (size_t k = 0; k < sizeof(workloads) / sizeof(workloads[0]); k++) {
        const struct workload *w = &workloads[k];
        if (only && !strstr(w->name, only)) continue;
        /* Warm-up: the reply is fully decoded and compared with the request. */
        for (int i = 0; i < 3; i++) {
            sd_bus_message *reply = call(bus, destination, w);
            decode_reply(reply, w);
            if (!reply_matches(w)) fail("%s: wrong reply from the server", w->name);
            sd_bus_message_unref(reply);
        }
        long iterations = 0;
        double start = now(), elapsed = 0;
        for (;;) {
            sd_bus_message *reply = call(bus, destination, w);
            decode_reply(reply, w); /* Every reply is decoded as the client would use it. */
            sd_bus_message_unref(reply);
            iterations++;
            elapsed = now() - start;
            if (w->iterations ? iterations >= w->iterations : elapsed >= w->seconds) break;
        }
        report(section, LIB, w->name, iterations, elapsed, w->body_bytes, w->elements);
    }
}

/* The reference: 1-byte ping-pong over a socketpair between two processes, 20,000 round trips
 * after 1,000 untimed ones. */
static void raw_socketpair_ping_pong(void) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) < 0) fail("socketpair: %s", strerror(errno));
    const long iterations = 20000;
    pid_t child = fork();
    if (child < 0) fail("fork: %s", strerror(errno));
    if (child == 0) {
        close(ends[0]);
        uint8_t byte;
        while (read(ends[1], &byte, 1) == 1)
            if (write(ends[1], &byte, 1) != 1) break;
        _exit(0);
    }
    close(ends[1]);
    uint8_t byte = 1;
    for (int i = 0; i < 1000; i++) {
        if (write(ends[0], &byte, 1) != 1 || read(ends[0], &byte, 1) != 1) fail("raw ping-pong failed");
    }
    double start = now();
    for (long i = 0; i < iterations; i++) {
        if (write(ends[0], &byte, 1) != 1 || read(ends[0], &byte, 1) != 1) fail("raw ping-pong failed");
    }
    double seconds = now() - start;
    close(ends[0]); /* The child reads end of file and exits. */
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
    report("p2p", "raw", "socketpair 1B ping-pong", iterations, seconds, 1, 1);
}

int main(int argc, char **argv) {
    if (argc < 2) fail("usage: sdbus-bench bus-server|bus-client|p2p-server|p2p-client [ADDRESS] [READYFILE]");
    const char *mode = argv[1];
    const char *address = argc > 2 ? argv[2] : NULL;
    const char *ready_file = argc > 3 ? argv[3] : NULL;

    if (strcmp(mode, "bus-server") == 0) {
        run_bus_server(address, ready_file);
    } else if (strcmp(mode, "p2p-server") == 0) {
        run_p2p_server(address, ready_file);
    } else if (strcmp(mode, "bus-client") == 0) {
        sd_bus *bus = NULL;
        check(sd_bus_new(&bus), "sd_bus_new");
        check(sd_bus_set_address(bus, bus_address(address)), "sd_bus_set_address");
        check(sd_bus_set_bus_client(bus, 1), "sd_bus_set_bus_client");
        check(sd_bus_start(bus), "connecting to the bus");
        run_client("bus", bus, BENCH_NAME);
        sd_bus_flush_close_unref(bus);
    } else if (strcmp(mode, "p2p-client") == 0) {
        if (!address) fail("p2p-client needs ADDRESS");
        raw_socketpair_ping_pong();
        sd_bus *bus = NULL;
        check(sd_bus_new(&bus), "sd_bus_new");
        check(sd_bus_set_address(bus, address), "sd_bus_set_address");
        check(sd_bus_set_bus_client(bus, 0), "sd_bus_set_bus_client");
        check(sd_bus_start(bus), "connecting to the server");
        run_client("p2p", bus, NULL);
        sd_bus_flush_close_unref(bus);
    } else {
        fail("unknown mode %s", mode);
    }
    return 0;
}
