/* The network server: listeners, TLS event loops and the bounded worker
 * pool. The loops do all socket and TLS work, enforce the size and time
 * limits, and hand each complete request to a worker, so a slow client costs
 * a connection slot, never a worker. */
#ifndef ROD_NET_SERVER_H
#define ROD_NET_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

/* A complete request as the application sees it. Valid during the call. */
typedef struct {
    const char *method;
    const char *target;
    const char *content_type;
    const char *soapaction; /* NULL when the header is absent */
    const char *host;
    const char *body; /* NUL-terminated, body_len bytes before the NUL */
    size_t body_len;
    const char *oin; /* from the verified client certificate; NULL if it has none */
} rod_request;

/* The answer. body is malloc'ed and taken over by the server. */
typedef struct {
    int status;
    const char *content_type; /* static string */
    char *body;
    size_t body_len;
} rod_response;

typedef struct {
    /* Called once in each worker thread before any request; returns the
     * worker's private context (DB connection, parsers, ...). */
    void *(*worker_init)(int index);
    void (*worker_handle)(void *ctx, const rod_request *req, rod_response *resp);
    void (*worker_free)(void *ctx);
} rod_app;

/* Runs until rod_server_stop() is called (from a signal handler too).
 * Returns 0 after a clean stop, -1 with err when it could not start. */
int rod_server_run(const rod_config *cfg, const rod_app *app, char *err, size_t errlen);

/* Async-signal-safe. */
void rod_server_stop(void);

/* The state of the pool for the metrics listener: read without locks, so
 * the figures are each exact but not taken at one instant. */
typedef struct {
    int workers;                /* threads of the pool */
    int busy;                   /* workers handling a request now */
    int queued;                 /* complete requests waiting for a worker */
    int large_busy;             /* workers handling a large request (at most large_workers) */
    int connections;            /* open client connections */
    unsigned long long handled; /* requests handed to a worker since start */
} rod_server_stats;
void rod_server_stats_get(rod_server_stats *out);

#endif
