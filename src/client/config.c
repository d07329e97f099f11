/* rodctl's config file and its checks. */
#include "client/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/text.h"

void rodctl_config_defaults(rodctl_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->endpoint, sizeof c->endpoint, "https://localhost:8443/rod/v1");
    c->timeout = 300;
}

static int copy(char *dst, size_t len, const char *key, const char *value, char *err, size_t errlen)
{
    if (strlen(value) >= len) {
        snprintf(err, errlen, "%s: value too long (at most %zu bytes)", key, len - 1);
        return -1;
    }
    memcpy(dst, value, strlen(value) + 1);
    return 0;
}

int rodctl_config_set(rodctl_config *c, const char *key, const char *value, char *err, size_t errlen)
{
    if (!strcmp(key, "endpoint"))
        return copy(c->endpoint, sizeof c->endpoint, key, value, err, errlen);
    if (!strcmp(key, "cert"))
        return copy(c->cert, sizeof c->cert, key, value, err, errlen);
    if (!strcmp(key, "key"))
        return copy(c->key, sizeof c->key, key, value, err, errlen);
    if (!strcmp(key, "pkcs12"))
        return copy(c->pkcs12, sizeof c->pkcs12, key, value, err, errlen);
    if (!strcmp(key, "password"))
        return copy(c->password, sizeof c->password, key, value, err, errlen);
    if (!strcmp(key, "ca"))
        return copy(c->ca, sizeof c->ca, key, value, err, errlen);
    if (!strcmp(key, "timeout")) {
        char *end;
        errno = 0;
        long t = strtol(value, &end, 10);
        if (errno || *end || t < 1 || t > 3600) {
            snprintf(err, errlen, "timeout: '%s' is not a number of seconds from 1 to 3600", value);
            return -1;
        }
        c->timeout = (int)t;
        return 0;
    }
    snprintf(err, errlen, "unknown setting '%s' (endpoint, cert, key, pkcs12, password, ca, timeout)", key);
    return -1;
}

int rodctl_config_load(rodctl_config *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[2048], msg[600];
    int n = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        n++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = rod_trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected key = value", path, n);
            rc = -1;
            break;
        }
        *eq = '\0';
        if (rodctl_config_set(c, rod_trim(s), rod_trim(eq + 1), msg, sizeof msg) != 0) {
            snprintf(err, errlen, "%s:%d: %s", path, n, msg);
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

static int readable(const char *what, const char *path, char *err, size_t errlen)
{
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
        return -1;
    }
    return 0;
}

int rodctl_config_check(const rodctl_config *c, char *err, size_t errlen)
{
    if (strncmp(c->endpoint, "https://", 8) != 0) {
        snprintf(err, errlen, "endpoint '%s': rodgate speaks HTTPS with mutual TLS only (https://...)",
                 c->endpoint);
        return -1;
    }
    if (!*c->ca) {
        snprintf(err, errlen, "no ca: set the CA of the server certificate (ca = FILE.pem)");
        return -1;
    }
    if (*c->pkcs12 && (*c->cert || *c->key)) {
        snprintf(err, errlen, "set either pkcs12 or cert and key, not both");
        return -1;
    }
    if (!*c->pkcs12 && (!*c->cert || !*c->key)) {
        snprintf(err, errlen, "no client certificate: set cert and key (PEM) or pkcs12");
        return -1;
    }
    if (readable("ca", c->ca, err, errlen))
        return -1;
    if (*c->pkcs12)
        return readable("pkcs12", c->pkcs12, err, errlen);
    if (readable("cert", c->cert, err, errlen))
        return -1;
    return readable("key", c->key, err, errlen);
}

const char *rodctl_config_default_path(char *buf, size_t len)
{
    if (!buf || len == 0)
        return NULL;
    const char *env = getenv("RODCTL_CONFIG");
    if (env && *env) {
        snprintf(buf, len, "%s", env);
        return buf;
    }
    const char *home = getenv("HOME");
    if (home) {
        snprintf(buf, len, "%s/.config/rodctl.conf", home);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    snprintf(buf, len, "/etc/rodctl.conf");
    return access(buf, R_OK) == 0 ? buf : NULL;
}
