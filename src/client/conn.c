/* The gSOAP client context: TLS, WS-Addressing and error reporting. */
#include "client/conn.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "client/exitcode.h"
#include "soapH.h"
#include "tls/digest.h"

#define ACTION_BASE "urn:rodgate:rod:v1/"

static void openssl_errors(void)
{
    unsigned long e;
    char buf[256];
    while ((e = ERR_get_error()) != 0) {
        ERR_error_string_n(e, buf, sizeof buf);
        fprintf(stderr, "rodctl:   %s\n", buf);
    }
}

/* A PKCS#12 file: certificate, key and chain into the context. */
static int use_pkcs12(SSL_CTX *ctx, const rodctl_config *cfg)
{
    FILE *f = fopen(cfg->pkcs12, "rb");
    PKCS12 *p12 = f ? d2i_PKCS12_fp(f, NULL) : NULL;
    if (f)
        fclose(f);
    EVP_PKEY *pkey = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *chain = NULL;
    int ok = p12 && PKCS12_parse(p12, cfg->password, &pkey, &cert, &chain) && cert && pkey &&
             SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, pkey) == 1;
    while (ok && chain && sk_X509_num(chain) > 0) {
        X509 *x = sk_X509_shift(chain);
        if (SSL_CTX_add_extra_chain_cert(ctx, x) != 1) {
            X509_free(x);
            ok = 0;
        }
    }
    sk_X509_pop_free(chain, X509_free);
    X509_free(cert);
    EVP_PKEY_free(pkey);
    PKCS12_free(p12);
    if (!ok)
        fprintf(stderr, "rodctl: cannot use PKCS#12 file %s (wrong password, or not a PKCS#12 file)\n",
                cfg->pkcs12);
    return ok;
}

static int use_pem(SSL_CTX *ctx, const rodctl_config *cfg)
{
    if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert) != 1) {
        fprintf(stderr, "rodctl: cannot read certificate %s (PEM expected)\n", cfg->cert);
        return 0;
    }
    if (*cfg->password)
        SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)cfg->password);
    if (SSL_CTX_use_PrivateKey_file(ctx, cfg->key, SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "rodctl: cannot read private key %s (PEM expected; password?)\n", cfg->key);
        return 0;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        fprintf(stderr, "rodctl: key %s does not belong to certificate %s\n", cfg->key, cfg->cert);
        return 0;
    }
    return 1;
}

int rodctl_conn_open(rodctl_conn *c, const rodctl_config *cfg)
{
    c->cfg = cfg;
    c->soap = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE | SOAP_XML_STRICT);
    if (!c->soap) {
        fprintf(stderr, "rodctl: out of memory\n");
        return RODCTL_USAGE;
    }
    struct soap *s = c->soap;
    s->connect_timeout = cfg->timeout;
    s->send_timeout = cfg->timeout;
    s->recv_timeout = cfg->timeout;
    s->recv_maxlength = 64 * 1024 * 1024;
    /* the register's CA only, never the system store; the host name is checked */
    if (soap_ssl_client_context(s,
                                SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION | SOAP_SSL_NO_DEFAULT_CA_PATH |
                                    SOAP_TLSv1_2 | SOAP_TLSv1_3,
                                NULL, NULL, cfg->ca, NULL, NULL) != SOAP_OK ||
        !s->ctx) {
        fprintf(stderr, "rodctl: cannot set up TLS with CA %s:\n", cfg->ca);
        soap_print_fault(s, stderr);
        openssl_errors();
        return RODCTL_TLS;
    }
    int ok = *cfg->pkcs12 ? use_pkcs12(s->ctx, cfg) : use_pem(s->ctx, cfg);
    if (!ok) {
        openssl_errors();
        return RODCTL_TLS;
    }
    return RODCTL_OK;
}

void rodctl_conn_close(rodctl_conn *c)
{
    if (!c->soap)
        return;
    soap_destroy(c->soap);
    soap_end(c->soap);
    soap_free(c->soap);
    c->soap = NULL;
}

const char *rodctl_conn_address(rodctl_conn *c, const char *op, const char *message_id)
{
    struct soap *s = c->soap;
    char fresh[46];
    if (!message_id) {
        if (!rod_uuid_urn(fresh))
            snprintf(fresh, sizeof fresh, "urn:uuid:00000000-0000-4000-8000-000000000000");
        message_id = fresh;
    }
    s->header = soap_malloc(s, sizeof *s->header);
    soap_default_SOAP_ENV__Header(s, s->header);
    size_t n = strlen(ACTION_BASE) + strlen(op) + 1;
    char *action = soap_malloc(s, n);
    snprintf(action, n, "%s%s", ACTION_BASE, op);
    s->header->wsa5__To = soap_strdup(s, c->cfg->endpoint);
    s->header->wsa5__Action = action;
    s->header->wsa5__MessageID = soap_strdup(s, message_id);
    return action;
}

static const struct rod__Fout *fault_fout(struct soap *s)
{
    const struct rod__Fout *f = NULL;
    if (s->fault && s->fault->detail)
        f = s->fault->detail->rod__fout;
    if (s->fault && !f && s->fault->SOAP_ENV__Detail)
        f = s->fault->SOAP_ENV__Detail->rod__fout;
    return f;
}

const char *rodctl_conn_fault_code(rodctl_conn *c)
{
    const struct rod__Fout *f = c->soap ? fault_fout(c->soap) : NULL;
    return f ? f->code : NULL;
}

static int fault_exit(struct soap *s)
{
    const struct rod__Fout *f = fault_fout(s);
    if (!f || !f->code) {
        fprintf(stderr, "rodctl: the server answered with an error:\n");
        soap_print_fault(s, stderr);
        return RODCTL_FAULT;
    }
    fprintf(stderr, "rodctl: %s %s", f->code, f->omschrijving ? f->omschrijving : "");
    if (f->veld)
        fprintf(stderr, " (veld %s)", f->veld);
    if (f->regel && f->kolom)
        fprintf(stderr, " (regel %d, kolom %d)", *f->regel, *f->kolom);
    fputc('\n', stderr);
    /* ROD-9xxx: the register's own trouble, nothing stored; retry is safe */
    return strncmp(f->code, "ROD-9", 5) == 0 ? RODCTL_STORING : RODCTL_FAULT;
}

/* gSOAP reports only "EOF" when the server drops the connection after
 * the handshake, which is how TLS 1.3 refuses a client certificate
 * (expired, revoked, of another CA). To say which, connect once more with
 * the same context and read the server's alert. Writes the alert's text
 * to why; returns 0 when there was none. */
static int refusal_alert(rodctl_conn *c, char *why, size_t len)
{
    const char *ep = c->cfg->endpoint + strlen("https://");
    char hostport[300], host[300];
    size_t n = strcspn(ep, "/");
    if (n >= sizeof hostport)
        return 0;
    snprintf(hostport, sizeof hostport, "%.*s", (int)n, ep);
    snprintf(host, sizeof host, "%s", hostport);
    char *colon = strrchr(host, ':');
    if (colon && !strchr(colon, ']'))
        *colon = '\0';
    else
        snprintf(hostport + n, sizeof hostport - n, ":443");
    ERR_clear_error();
    BIO *b = BIO_new_ssl_connect(c->soap->ctx);
    SSL *ssl = NULL;
    int found = 0;
    if (b && BIO_get_ssl(b, &ssl) == 1 && ssl) {
        SSL_set_tlsext_host_name(ssl, host);
        BIO_set_conn_hostname(b, hostport);
        char byte;
        if (BIO_do_connect(b) <= 0 || BIO_read(b, &byte, 1) <= 0) {
            unsigned long e = ERR_peek_last_error();
            if (e) {
                ERR_error_string_n(e, why, len);
                found = 1;
            }
        }
    }
    BIO_free_all(b);
    ERR_clear_error();
    return found;
}

int rodctl_conn_result(rodctl_conn *c, int rc)
{
    struct soap *s = c->soap;
    if (rc == SOAP_OK)
        return RODCTL_OK;
    if (rc == SOAP_SSL_ERROR) {
        fprintf(stderr,
                "rodctl: TLS with %s failed: the server refused our certificate %s, or its own "
                "certificate is not signed by CA %s or not for this host name\n",
                c->cfg->endpoint, *c->cfg->pkcs12 ? c->cfg->pkcs12 : c->cfg->cert, c->cfg->ca);
        soap_print_fault(s, stderr);
        openssl_errors();
        return RODCTL_TLS;
    }
    if (rc == SOAP_TCP_ERROR) {
        fprintf(stderr,
                "rodctl: cannot reach %s: %s; check the endpoint and that the gateway runs (running "
                "again is safe)\n",
                c->cfg->endpoint, s->errnum ? strerror(s->errnum) : "no connection");
        return RODCTL_UNREACHABLE;
    }
    if (rc == SOAP_EOF) {
        /* after a handshake the server closes without a word when TLS 1.3
         * refuses the client certificate after the fact (expired, revoked,
         * another CA); a time-out also ends here */
        char why[256];
        if ((s->errnum == 0 || s->errnum == ECONNRESET || s->errnum == EPIPE) &&
            refusal_alert(c, why, sizeof why)) {
            fprintf(stderr,
                    "rodctl: the server refused our certificate %s (expired, revoked, or of a CA it does "
                    "not trust): %s\n",
                    *c->cfg->pkcs12 ? c->cfg->pkcs12 : c->cfg->cert, why);
            return RODCTL_TLS;
        }
        fprintf(stderr,
                "rodctl: no answer from %s within %d s, or the connection broke%s%s; running again is "
                "safe\n",
                c->cfg->endpoint, c->cfg->timeout, s->errnum ? ": " : "",
                s->errnum ? strerror(s->errnum) : "");
        return RODCTL_UNREACHABLE;
    }
    if (s->fault && (rc == SOAP_FAULT || rc == SOAP_CLI_FAULT || rc == SOAP_SVR_FAULT || s->fault->detail ||
                     s->fault->SOAP_ENV__Detail))
        return fault_exit(s);
    fprintf(stderr, "rodctl: the call to %s failed:\n", c->cfg->endpoint);
    soap_print_fault(s, stderr);
    return rc >= 500 ? RODCTL_STORING : RODCTL_FAULT;
}

int rodctl_message_id(const void *data, size_t len, const char *op, int part, char out[46])
{
    unsigned char file[32], id[32];
    char text[160];
    if (!rod_sha256(data, len, file))
        return -1;
    int n = snprintf(text, sizeof text, "rodctl:%s:%d:", op, part);
    for (int i = 0; i < 32; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "%02x", file[i]);
    if (!rod_sha256(text, (size_t)n, id))
        return -1;
    /* shaped as a name-based UUID (RFC 4122 version 5 bits, SHA-256 instead of SHA-1) */
    id[6] = (unsigned char)((id[6] & 0x0f) | 0x50);
    id[8] = (unsigned char)((id[8] & 0x3f) | 0x80);
    int k = snprintf(out, 46, "urn:uuid:");
    for (int i = 0; i < 16; i++) {
        k += snprintf(out + k, 46 - (size_t)k, "%02x", id[i]);
        if (i == 3 || i == 5 || i == 7 || i == 9)
            out[k++] = '-';
    }
    out[k] = '\0';
    return 0;
}
