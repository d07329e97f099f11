/* libcurl's SMTP client (notify/smtp.h). */
#include "notify/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rod_smtp {
    const rod_config *cfg;
    CURL *curl;
};

typedef struct {
    const char *data;
    size_t left;
} upload;

static size_t read_message(char *buf, size_t size, size_t nitems, void *arg)
{
    upload *u = arg;
    size_t n = size * nitems < u->left ? size * nitems : u->left;
    memcpy(buf, u->data, n);
    u->data += n;
    u->left -= n;
    return n;
}

rod_smtp *rod_smtp_new(const rod_config *cfg, char *err, size_t errlen)
{
    rod_smtp *s = calloc(1, sizeof *s);
    if (!s || !(s->curl = curl_easy_init())) {
        snprintf(err, errlen, "libcurl: cannot make a handle");
        free(s);
        return NULL;
    }
    s->cfg = cfg;
    return s;
}

void rod_smtp_free(rod_smtp *s)
{
    if (!s)
        return;
    if (s->curl)
        curl_easy_cleanup(s->curl);
    free(s);
}

rod_smtp_result rod_smtp_send(rod_smtp *s, const char *to, const char *msg, size_t len, char *err,
                              size_t errlen)
{
    const rod_config *cfg = s->cfg;
    CURL *c = s->curl;
    char from[300], rcpt[300], curl_err[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", cfg->smtp_from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    if (!rcpts) {
        snprintf(err, errlen, "out of memory");
        return ROD_SMTP_UNREACHABLE;
    }
    upload u = {msg, len};

    /* a reset keeps the open connection (curl's connection cache) */
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (cfg->smtp_ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp_ca_file);
    if (cfg->smtp_user[0]) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    /* both bounds: the transfer's, and each reply's (curl waits for the
     * reply to the end of the data outside the transfer's timeout) */
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->smtp_timeout);
    curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT, cfg->smtp_timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->smtp_timeout < 10 ? cfg->smtp_timeout : 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);

    CURLcode rc = curl_easy_perform(c);
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(rcpts);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    if (rc == CURLE_OK)
        return ROD_SMTP_SENT;
    if (reply >= 400)
        snprintf(err, errlen, "SMTP %ld: %s", reply, curl_err[0] ? curl_err : curl_easy_strerror(rc));
    else
        snprintf(err, errlen, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
    /* after a failure the next message starts on a new connection: never
     * one left in the middle of a dialogue (a timeout during DATA) */
    CURL *fresh = curl_easy_init();
    if (fresh) {
        curl_easy_cleanup(c);
        s->curl = fresh;
    }
    /* 5xx: refused for good; 4xx: later again; anything else, and 421
     * (the server is closing), is the server or the way to it, not this
     * message */
    if (reply >= 500 && reply <= 599)
        return ROD_SMTP_PERMANENT;
    return reply >= 400 && reply != 421 ? ROD_SMTP_TEMPORARY : ROD_SMTP_UNREACHABLE;
}
