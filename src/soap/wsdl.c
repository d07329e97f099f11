/* The published contract files, held in memory and rewritten per request
 * for the Host the client used. */
#include "soap/wsdl.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soap/xmltext.h"

#define MAX_FILES 16

typedef struct {
    char name[128];
    char *text;
} served_file;

static served_file wsdl;
static served_file xsds[MAX_FILES];
static int nxsd;

static char *slurp(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        snprintf(err, errlen, "%s: cannot read", path);
        free(buf);
        fclose(f);
        return NULL;
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

int rod_wsdl_load(const char *wsdl_path, const char *xsd_dir, char *err, size_t errlen)
{
    wsdl.text = slurp(wsdl_path, err, errlen);
    if (!wsdl.text)
        return -1;
    DIR *d = opendir(xsd_dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", xsd_dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nxsd < MAX_FILES) {
        size_t n = strlen(e->d_name);
        if (n < 5 || n >= sizeof xsds[0].name || strcmp(e->d_name + n - 4, ".xsd") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", xsd_dir, e->d_name);
        xsds[nxsd].text = slurp(path, err, errlen);
        if (!xsds[nxsd].text) {
            closedir(d);
            return -1;
        }
        memcpy(xsds[nxsd].name, e->d_name, n + 1); /* n < sizeof name, checked above */
        nxsd++;
    }
    closedir(d);
    return 0;
}

void rod_wsdl_free(void)
{
    free(wsdl.text);
    wsdl.text = NULL;
    for (int i = 0; i < nxsd; i++)
        free(xsds[i].text);
    nxsd = 0;
}

/* A Host header we are willing to echo into a URL: letters, digits, dots,
 * hyphens, an optional port, or a bracketed IPv6 literal. */
static bool plain_host(const char *h)
{
    if (!h || !*h || strlen(h) > 200)
        return false;
    for (const char *p = h; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p))
            return false;
    return true;
}

/* Copies text, replacing schemaLocation="X.xsd" by the served URL of X and
 * the soap:address by the endpoint URL. */
static void rewrite(rod_buf *b, const char *text, const char *base)
{
    const char *p = text;
    for (;;) {
        const char *sl = strstr(p, "schemaLocation=\"");
        const char *ad = strstr(p, "location=\"https://localhost:8443/rod/v1\"");
        const char *next = sl && (!ad || sl < ad) ? sl : ad;
        if (!next) {
            rod_buf_puts(b, p);
            return;
        }
        if (next == sl) {
            const char *v = sl + 16, *q = strchr(v, '"');
            if (!q) {
                rod_buf_puts(b, p);
                return;
            }
            const char *name = v;
            for (const char *s = v; s < q; s++)
                if (*s == '/')
                    name = s + 1; /* "../xsd/rod-v1.xsd" -> rod-v1.xsd */
            rod_buf_add(b, p, (size_t)(v - p));
            if (strncmp(v, "http", 4) == 0) {
                rod_buf_add(b, v, (size_t)(q - v));
            } else {
                rod_buf_puts(b, base);
                rod_buf_puts(b, "?xsd=");
                rod_buf_add(b, name, (size_t)(q - name));
            }
            p = q;
        } else {
            rod_buf_add(b, p, (size_t)(ad - p));
            rod_buf_puts(b, "location=\"");
            rod_buf_puts(b, base);
            rod_buf_puts(b, "\"");
            p = ad + strlen("location=\"https://localhost:8443/rod/v1\"");
        }
    }
}

bool rod_wsdl_serve(const char *query, const char *host, const char *fallback, rod_response *resp)
{
    const char *text = NULL;
    if (strcmp(query, "wsdl") == 0 || strcmp(query, "WSDL") == 0)
        text = wsdl.text;
    else if (strncmp(query, "xsd=", 4) == 0) {
        const char *name = query + 4;
        for (int i = 0; i < nxsd; i++) {
            size_t n = strlen(xsds[i].name);
            /* "rod-v1.xsd" or "rod-v1" */
            if (strcmp(name, xsds[i].name) == 0 ||
                (strlen(name) == n - 4 && strncmp(name, xsds[i].name, n - 4) == 0))
                text = xsds[i].text;
        }
    }
    if (!text)
        return false;
    char base[300];
    snprintf(base, sizeof base, "https://%s/rod/v1", plain_host(host) ? host : fallback);
    rod_buf b = {0};
    rewrite(&b, text, base);
    if (b.failed) {
        free(b.data);
        return false;
    }
    resp->status = 200;
    resp->content_type = "text/xml; charset=utf-8";
    resp->body = b.data;
    resp->body_len = b.len;
    return true;
}
