/* A listening TCP socket on a "host:port" setting, for the gateway's
 * listener (net/server.c) and the metrics listener (metrics/listener.c). */
#ifndef ROD_NET_LISTEN_H
#define ROD_NET_LISTEN_H

#include <stddef.h>

enum {
    ROD_LISTEN_NONBLOCK = 1,  /* SOCK_NONBLOCK, for an event loop */
    ROD_LISTEN_REUSEPORT = 2, /* SO_REUSEPORT besides SO_REUSEADDR: one listener per loop */
};

/* Binds and listens on addr ("host:port", "[v6]:port", ":port" for every
 * address) with the given backlog and ROD_LISTEN_* flags; the socket is
 * close-on-exec. Returns the descriptor, or -1 with err naming the setting
 * (`name`) and the address. */
int rod_listen_open(const char *name, const char *addr, int backlog, int flags, char *err, size_t errlen);

#endif
