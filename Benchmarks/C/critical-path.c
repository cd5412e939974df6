// LD_PRELOAD library for Benchmarks/critical-path.sh: times what one process does between
// waking up with a message and sending its answer, without tracing the kernel.
//
// Per thread, it notes when poll()/ppoll() returns and when the next recvmsg() brings bytes,
// and at the first sendmsg() after that it adds up three spans:
//   wake->received   poll returning until the message is read (mostly the recvmsg call)
//   received->send   the library's and the program's own work until the answer is handed over
//   sendmsg          the call itself (on a VM, largely the cost of waking the peer)
// "received" is the first read that brings bytes: sd-bus reads a message in two recvmsg calls
// (the fixed header, then the rest), so its received->send includes the second; compare the
// sums (wake->send) across libraries.
// Every CRITICAL_PATH_EVERY answers (environment; default 20000) it prints the means to
// stderr, prefixed "CRITICAL-PATH".
// These spans lie on the round trip's critical path: the peer waits for them. Work after the
// send overlaps with the peer's and is not counted.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <poll.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static __thread double woke, received;
static __thread double sum_receive, sum_work, sum_send;
static __thread long answers;

static double microseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e6 + (double)now.tv_nsec / 1e3;
}

static void *next_symbol(const char *name) { return dlsym(RTLD_NEXT, name); }

static long report_every(void) {
    static long every;
    if (every == 0) {
        const char *text = getenv("CRITICAL_PATH_EVERY");
        every = text && atol(text) > 0 ? atol(text) : 20000;
    }
    return every;
}

int poll(struct pollfd *fds, nfds_t count, int timeout) {
    static int (*real)(struct pollfd *, nfds_t, int);
    if (!real) real = next_symbol("poll");
    int result = real(fds, count, timeout);
    woke = microseconds();
    received = 0;
    return result;
}

int ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout, const sigset_t *mask) {
    static int (*real)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
    if (!real) real = next_symbol("ppoll");
    int result = real(fds, count, timeout, mask);
    woke = microseconds();
    received = 0;
    return result;
}

ssize_t recvmsg(int socket, struct msghdr *message, int flags) {
    static ssize_t (*real)(int, struct msghdr *, int);
    if (!real) real = next_symbol("recvmsg");
    ssize_t result = real(socket, message, flags);
    if (result > 0 && woke > 0 && received == 0) received = microseconds();
    return result;
}

ssize_t sendmsg(int socket, const struct msghdr *message, int flags) {
    static ssize_t (*real)(int, const struct msghdr *, int);
    if (!real) real = next_symbol("sendmsg");
    if (woke == 0 || received == 0) return real(socket, message, flags);
    double start = microseconds();
    ssize_t result = real(socket, message, flags);
    double end = microseconds();
    sum_receive += received - woke;
    sum_work += start - received;
    sum_send += end - start;
    woke = 0;
    if (++answers == report_every()) {
        char line[256];
        int length = snprintf(line, sizeof line,
                              "CRITICAL-PATH pid %d: wake->send %.2f us (wake->received %.2f, received->send %.2f), sendmsg %.2f us (%ld answers)\n",
                              (int)getpid(), (sum_receive + sum_work) / answers, sum_receive / answers, sum_work / answers,
                              sum_send / answers, answers);
        if (write(2, line, (size_t)length) < 0) { /* nothing to do */ }
        sum_receive = sum_work = sum_send = 0;
        answers = 0;
    }
    return result;
}
