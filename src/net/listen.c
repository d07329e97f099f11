/* The listening sockets (net/listen.h). */
#include "net/listen.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int rod_listen_open(const char *name, const char *addr, int backlog, int flags, char *err, size_t errlen)
{
    char host[128];
    snprintf(host, sizeof host, "%s", addr);
    char *colon = strrchr(host, ':');
    if (!colon) {
        snprintf(err, errlen, "%s must be host:port, not \"%s\"", name, addr);
        return -1;
    }
    *colon = '\0';
    char *h = host;
    if (*h == '[') { /* [::1]:8443 */
        h++;
        char *rb = strchr(h, ']');
        if (rb)
            *rb = '\0';
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai;
    int rc = getaddrinfo(*h ? h : NULL, colon + 1, &hints, &ai);
    if (rc != 0) {
        snprintf(err, errlen, "%s %s: %s", name, addr, gai_strerror(rc));
        return -1;
    }
    int fd = socket(ai->ai_family,
                    SOCK_STREAM | SOCK_CLOEXEC | (flags & ROD_LISTEN_NONBLOCK ? SOCK_NONBLOCK : 0), 0);
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (flags & ROD_LISTEN_REUSEPORT)
            setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    }
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, backlog) != 0) {
        snprintf(err, errlen, "%s %s: %s", name, addr, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    return fd;
}
