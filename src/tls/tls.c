/* The only file that configures OpenSSL for the server side. */
#include "tls/tls.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/log.h"

/* NCSC-NL TLS guidelines (2021), "good": ECDHE with AES-GCM or ChaCha20 for
 * 1.2, the standard 1.3 suites; groups X25519 and the NIST P-curves. */
#define TLS12_CIPHERS                                            \
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:" \
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
#define TLS13_SUITES "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"
#define TLS_GROUPS   "X25519:P-256:P-384:P-521"

static const rod_config *tls_cfg;
static pthread_mutex_t ctx_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *current_ctx;
static time_t last_check;
static struct timespec loaded_mtime[4];
/* the file times of the last failed periodic reload: not retried (nor logged
 * again every interval) until a file changes again; SIGHUP always retries */
static struct timespec failed_mtime[4];

static int note_index = -1;

/* Records the first verification error and the leaf's subject serialNumber
 * for the log line of a refusal; the verdict itself stays OpenSSL's. */
static int verify_note(int ok, X509_STORE_CTX *store)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    rod_tls_note *note = ssl && note_index >= 0 ? SSL_get_ex_data(ssl, note_index) : NULL;
    if (!note)
        return ok;
    if (!ok && !note->verify_error)
        note->verify_error = X509_STORE_CTX_get_error(store);
    X509 *leaf = X509_STORE_CTX_get0_cert(store);
    if (!note->serial[0] && leaf) {
        X509_NAME *name = X509_get_subject_name(leaf);
        int idx = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
        if (idx >= 0) {
            ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
            int len = ASN1_STRING_length(data);
            if (len > (int)sizeof note->serial - 1)
                len = (int)sizeof note->serial - 1;
            if (len > 0)
                memcpy(note->serial, ASN1_STRING_get0_data(data), (size_t)len);
            note->serial[len > 0 ? len : 0] = '\0';
        }
    }
    return ok;
}

static void openssl_error(char *err, size_t errlen, const char *what)
{
    unsigned long e = ERR_get_error();
    char buf[256] = "";
    if (e)
        ERR_error_string_n(e, buf, sizeof buf);
    snprintf(err, errlen, "%s: %s", what, buf);
    ERR_clear_error();
}

static int load_crls(X509_STORE *store, const char *path, char *err, size_t errlen)
{
    BIO *bio = BIO_new_file(path, "r");
    if (!bio) {
        openssl_error(err, errlen, path);
        return -1;
    }
    int n = 0;
    X509_CRL *crl;
    while ((crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL)) != NULL) {
        X509_STORE_add_crl(store, crl);
        X509_CRL_free(crl);
        n++;
    }
    ERR_clear_error();
    BIO_free(bio);
    if (n == 0) {
        snprintf(err, errlen, "%s: no CRL found", path);
        return -1;
    }
    return 0;
}

static bool earliest_end(X509_STORE *store, X509 *leaf, time_t *until, char *what, size_t cap);

/* A session ticket key: its name (sent in the clear in every ticket), the
 * AES-256-CBC and HMAC-SHA256 keys, and when it was made. */
typedef struct {
    unsigned char name[16];
    unsigned char aes[32];
    unsigned char hmac[32];
    time_t born; /* 0: no key */
} ticket_key;

/* What a context with resumption keeps besides (ctx_state_index): its end,
 * the earliest notAfter of the trust anchors and nextUpdate of the CRLs,
 * computed once when it is built; and its ticket keys, the current one
 * (keys[0]), which encrypts new tickets for lifetime seconds, and the one
 * before it (keys[1]), which still decrypts the tickets it made until they
 * have all run out. */
typedef struct {
    time_t end;
    long lifetime;
    pthread_mutex_t lock;
    ticket_key keys[2];
} ctx_state;

static int ctx_state_index = -1;

static void free_ctx_state(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
    ctx_state *st = ptr;
    if (!st)
        return;
    pthread_mutex_destroy(&st->lock);
    OPENSSL_cleanse(st->keys, sizeof st->keys);
    free(st);
}

static bool new_ticket_key(ticket_key *k, time_t now)
{
    if (RAND_bytes(k->name, sizeof k->name) != 1 || RAND_priv_bytes(k->aes, sizeof k->aes) != 1 ||
        RAND_priv_bytes(k->hmac, sizeof k->hmac) != 1) {
        OPENSSL_cleanse(k, sizeof *k);
        return false;
    }
    k->born = now;
    return true;
}

/* Under st->lock: a new current key once the current one has encrypted for
 * lifetime seconds; the old one stays for decryption while tickets it made
 * can still be valid (lifetime seconds more), and is wiped after. */
static void rotate_keys(ctx_state *st, time_t now)
{
    if (st->keys[1].born && now - st->keys[1].born >= 2 * st->lifetime)
        OPENSSL_cleanse(&st->keys[1], sizeof st->keys[1]);
    if (st->keys[0].born && now - st->keys[0].born < st->lifetime)
        return;
    ticket_key fresh;
    if (!new_ticket_key(&fresh, now))
        return; /* keys[0] stays; the next handshake tries again */
    if (st->keys[0].born && now - st->keys[0].born < 2 * st->lifetime)
        st->keys[1] = st->keys[0];
    else
        OPENSSL_cleanse(&st->keys[1], sizeof st->keys[1]);
    st->keys[0] = fresh;
    OPENSSL_cleanse(&fresh, sizeof fresh);
}

/* OpenSSL's ticket key callback: encrypts a new ticket with the current key
 * (enc 1), or finds the key a ticket names (enc 0): 1 with the current key,
 * 2 (decrypt, then issue a new ticket) with the previous one, 0 when the key
 * is unknown or wiped, so the handshake is a full one. -1 on error. */
static int ticket_key_cb(SSL *ssl, unsigned char *name, unsigned char *iv, EVP_CIPHER_CTX *cctx,
                         EVP_MAC_CTX *hctx, int enc)
{
    ctx_state *st = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_state_index);
    if (!st)
        return enc ? -1 : 0;
    time_t now = time(NULL);
    int rc = 0;
    pthread_mutex_lock(&st->lock);
    rotate_keys(st, now);
    const ticket_key *k = NULL;
    if (enc) {
        if (st->keys[0].born && RAND_bytes(iv, 16) == 1) {
            k = &st->keys[0];
            memcpy(name, k->name, sizeof k->name);
            rc = 1;
        } else {
            rc = -1;
        }
    } else {
        for (int i = 0; i < 2 && !k; i++)
            if (st->keys[i].born && CRYPTO_memcmp(name, st->keys[i].name, sizeof st->keys[i].name) == 0) {
                k = &st->keys[i];
                rc = i == 0 ? 1 : 2;
            }
    }
    if (k) {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, (void *)k->hmac, sizeof k->hmac),
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
            OSSL_PARAM_construct_end()};
        int ok = EVP_MAC_CTX_set_params(hctx, params) == 1 &&
                 (enc ? EVP_EncryptInit_ex(cctx, EVP_aes_256_cbc(), NULL, k->aes, iv)
                      : EVP_DecryptInit_ex(cctx, EVP_aes_256_cbc(), NULL, k->aes, iv)) == 1;
        if (!ok)
            rc = -1;
    }
    pthread_mutex_unlock(&st->lock);
    return rc;
}

/* Whether a session decrypted from a ticket may be resumed now: only when a
 * full handshake on this context would now pass the checks that depend on
 * time. The chain and the CRL are the context's own (a reload builds a new
 * context with new ticket keys, so an older ticket does not decrypt), and
 * the full handshake that issued the ticket checked them; what can have
 * changed since is the clock: the client certificate's validity, the trust
 * anchors' notAfter, the CRLs' nextUpdate, and the session's lifetime. */
static bool session_still_valid(SSL *ssl, SSL_SESSION *sess)
{
    time_t now = time(NULL);
    if (SSL_SESSION_get_time(sess) + SSL_SESSION_get_timeout(sess) <= now)
        return false;
    X509 *peer = SSL_SESSION_get0_peer(sess);
    if (!peer || X509_cmp_time(X509_get0_notAfter(peer), &now) <= 0 ||
        X509_cmp_time(X509_get0_notBefore(peer), &now) >= 0)
        return false;
    const ctx_state *st = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_state_index);
    return st && st->end > now;
}

/* Decides on every ticket a client offers. A ticket that does not decrypt
 * (another context, another server, a reload since) or whose session is no
 * longer valid is ignored: the client gets a full handshake, checked as
 * always, and refused as such (an expired certificate as expired). */
static SSL_TICKET_RETURN ticket_decrypted(SSL *ssl, SSL_SESSION *sess, const unsigned char *keyname,
                                          size_t keyname_len, SSL_TICKET_STATUS status, void *arg)
{
    (void)keyname, (void)keyname_len, (void)arg;
    switch (status) {
    case SSL_TICKET_SUCCESS:
    case SSL_TICKET_SUCCESS_RENEW:
        if (!sess || !session_still_valid(ssl, sess))
            return SSL_TICKET_RETURN_IGNORE_RENEW;
        return status == SSL_TICKET_SUCCESS_RENEW ? SSL_TICKET_RETURN_USE_RENEW : SSL_TICKET_RETURN_USE;
    case SSL_TICKET_NONE:
    case SSL_TICKET_EMPTY:
    case SSL_TICKET_NO_DECRYPT:
        return SSL_TICKET_RETURN_IGNORE_RENEW;
    default:
        return SSL_TICKET_RETURN_ABORT;
    }
}

/* Session resumption by stateless tickets only (TLS 1.3 and 1.2), one ticket
 * per handshake, valid for lifetime seconds; no session cache on the server.
 * The ticket keys are the context's own, random, made anew every lifetime
 * seconds (ticket_key_cb), and a new context (a reload) starts with new ones.
 * lifetime 0: no resumption at all (no cache, no tickets). */
static int enable_resumption(SSL_CTX *ctx, long lifetime, char *err, size_t errlen)
{
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (lifetime <= 0) {
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
        SSL_CTX_set_num_tickets(ctx, 0);
        return 0;
    }
    ctx_state *st = calloc(1, sizeof *st);
    char what[40];
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    earliest_end(SSL_CTX_get_cert_store(ctx), SSL_CTX_get0_certificate(ctx), &st->end, what, sizeof what);
    st->lifetime = lifetime;
    pthread_mutex_init(&st->lock, NULL);
    if (!new_ticket_key(&st->keys[0], time(NULL))) {
        free_ctx_state(NULL, st, NULL, 0, 0, NULL);
        openssl_error(err, errlen, "ticket key");
        return -1;
    }
    if (SSL_CTX_set_ex_data(ctx, ctx_state_index, st) != 1) {
        free_ctx_state(NULL, st, NULL, 0, 0, NULL);
        openssl_error(err, errlen, "SSL_CTX_set_ex_data");
        return -1;
    }
    SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx, 1);
    SSL_CTX_set_timeout(ctx, lifetime);
    if (SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, ticket_key_cb) != 1 ||
        SSL_CTX_set_session_ticket_cb(ctx, NULL, ticket_decrypted, NULL) != 1) {
        openssl_error(err, errlen, "SSL_CTX_set_session_ticket_cb");
        return -1;
    }
    return 0;
}

static SSL_CTX *build_ctx(const rod_config *cfg, char *err, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        openssl_error(err, errlen, "SSL_CTX_new");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    /* No client-initiated renegotiation, no compression, server picks the
     * suite, fresh ECDHE key per handshake. */
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_SINGLE_ECDH_USE);
    /* OpenSSL 3 refuses client-initiated renegotiation unless
     * SSL_OP_ALLOW_CLIENT_RENEGOTIATION is set; it is not. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    if (!SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS) || !SSL_CTX_set_ciphersuites(ctx, TLS13_SUITES) ||
        !SSL_CTX_set1_groups_list(ctx, TLS_GROUPS)) {
        openssl_error(err, errlen, "cipher configuration");
        goto fail;
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, cfg->tls_cert) != 1) {
        openssl_error(err, errlen, cfg->tls_cert);
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, cfg->tls_key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        openssl_error(err, errlen, cfg->tls_key);
        goto fail;
    }
    /* An expired or not yet valid server certificate would fail every
     * client's handshake: refuse it here, so that a reload keeps the old one. */
    X509 *own = SSL_CTX_get0_certificate(ctx);
    if (X509_cmp_current_time(X509_get0_notAfter(own)) <= 0) {
        snprintf(err, errlen, "%s: the certificate has expired", cfg->tls_cert);
        goto fail;
    }
    if (X509_cmp_current_time(X509_get0_notBefore(own)) >= 0) {
        snprintf(err, errlen, "%s: the certificate is not valid yet", cfg->tls_cert);
        goto fail;
    }
    /* Trust only the configured anchors, never the system store. */
    if (SSL_CTX_load_verify_locations(ctx, cfg->tls_ca, NULL) != 1) {
        openssl_error(err, errlen, cfg->tls_ca);
        goto fail;
    }
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cfg->tls_ca);
    if (names)
        SSL_CTX_set_client_CA_list(ctx, names);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    if (load_crls(store, cfg->tls_crl, err, errlen) != 0)
        goto fail;
    /* A CRL for every certificate of the chain; strict X.509; the leaf must
     * carry the clientAuth extended key usage (purpose sslclient). */
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL | X509_V_FLAG_X509_STRICT);
    SSL_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_note);
    SSL_CTX_set_verify_depth(ctx, 4);
    /* OpenSSL resumes a session only within the same session id context;
     * tickets are encrypted with this context's own keys besides. */
    static const unsigned char sid_ctx[] = "rodgate";
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    if (enable_resumption(ctx, cfg->tls_session_lifetime, err, errlen) != 0)
        goto fail;
    return ctx;
fail:
    SSL_CTX_free(ctx);
    return NULL;
}

static void file_mtimes(const rod_config *cfg, struct timespec out[4])
{
    const char *files[4] = {cfg->tls_cert, cfg->tls_key, cfg->tls_ca, cfg->tls_crl};
    for (int i = 0; i < 4; i++) {
        struct stat st;
        memset(&out[i], 0, sizeof out[i]);
        if (stat(files[i], &st) == 0)
            out[i] = st.st_mtim;
    }
}

int rod_tls_start(const rod_config *cfg, char *err, size_t errlen)
{
    tls_cfg = cfg;
    if (note_index < 0)
        note_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    if (ctx_state_index < 0)
        ctx_state_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, free_ctx_state);
    file_mtimes(cfg, loaded_mtime);
    current_ctx = build_ctx(cfg, err, errlen);
    last_check = time(NULL);
    return current_ctx ? 0 : -1;
}

void rod_tls_stop(void)
{
    pthread_mutex_lock(&ctx_lock);
    SSL_CTX_free(current_ctx);
    current_ctx = NULL;
    pthread_mutex_unlock(&ctx_lock);
}

SSL *rod_tls_new_ssl(int fd, rod_tls_note *note)
{
    pthread_mutex_lock(&ctx_lock);
    SSL *ssl = current_ctx ? SSL_new(current_ctx) : NULL; /* SSL_new holds its own reference */
    pthread_mutex_unlock(&ctx_lock);
    if (ssl && SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    if (ssl) {
        SSL_set_accept_state(ssl);
        memset(note, 0, sizeof *note);
        SSL_set_ex_data(ssl, note_index, note);
    }
    return ssl;
}

rod_refusal_reason rod_tls_refusal(const rod_tls_note *note, int ssl_error)
{
    switch (note->verify_error) {
    case 0:
        break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return ROD_REFUSAL_TLS_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return ROD_REFUSAL_TLS_NOT_YET_VALID;
    case X509_V_ERR_CERT_REVOKED:
        return ROD_REFUSAL_TLS_REVOKED;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CERT_UNTRUSTED:
        return ROD_REFUSAL_TLS_UNTRUSTED;
    default:
        return ROD_REFUSAL_TLS_BAD_CERTIFICATE;
    }
    unsigned long e = ERR_peek_last_error();
    if (e && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)
        return ROD_REFUSAL_TLS_NO_CERTIFICATE;
    if (ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN ||
        (e && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING))
        return ROD_REFUSAL_TLS_CLOSED;
    return ROD_REFUSAL_TLS_PROTOCOL;
}

/* Builds a context from the files as they are now (outside the lock: loading
 * and checking the files takes milliseconds, and new handshakes wait for
 * ctx_lock) and, when that works, puts it in place of the current one for new
 * handshakes. SSL_new took a reference for every established connection, so
 * the old context lives on until the last of them closes. */
/* "subject, valid until YYYY-MM-DD" of the context's own certificate, for
 * the log line of a reload: which certificate is now served. */
static void describe_own_cert(SSL_CTX *ctx, char *out, size_t cap)
{
    X509 *own = SSL_CTX_get0_certificate(ctx);
    char subject[256] = "?", until[16] = "?";
    struct tm tm;
    if (own) {
        X509_NAME_oneline(X509_get_subject_name(own), subject, sizeof subject);
        if (ASN1_TIME_to_tm(X509_get0_notAfter(own), &tm) == 1)
            strftime(until, sizeof until, "%Y-%m-%d", &tm);
    }
    snprintf(out, cap, "%s, valid until %s", subject, until);
}

static int swap_in(const struct timespec mtimes[4], char *err, size_t errlen)
{
    SSL_CTX *fresh = build_ctx(tls_cfg, err, errlen);
    if (!fresh)
        return -1;
    char served[300];
    describe_own_cert(fresh, served, sizeof served);
    rod_log_info("tls: new context for new handshakes; server certificate %s", served);
    pthread_mutex_lock(&ctx_lock);
    SSL_CTX *old = current_ctx;
    current_ctx = fresh;
    memcpy(loaded_mtime, mtimes, sizeof loaded_mtime);
    pthread_mutex_unlock(&ctx_lock);
    SSL_CTX_free(old);
    return 0;
}

void rod_tls_maybe_reload(void)
{
    time_t now = time(NULL);
    struct timespec m[4];
    pthread_mutex_lock(&ctx_lock);
    if (!tls_cfg || now - last_check < tls_cfg->crl_check_interval) {
        pthread_mutex_unlock(&ctx_lock);
        return;
    }
    last_check = now;
    file_mtimes(tls_cfg, m);
    bool same = memcmp(m, loaded_mtime, sizeof m) == 0 || memcmp(m, failed_mtime, sizeof m) == 0;
    pthread_mutex_unlock(&ctx_lock);
    if (same)
        return;
    /* On failure the old context stays: a half-written CRL file must not
     * stop service. The check after the next change retries. */
    char err[512];
    if (swap_in(m, err, sizeof err) == 0) {
        rod_log_info("tls: reloaded certificates and CRL");
        return;
    }
    rod_log_info("tls: reload failed, keeping the previous context: %s", err);
    pthread_mutex_lock(&ctx_lock);
    memcpy(failed_mtime, m, sizeof failed_mtime);
    pthread_mutex_unlock(&ctx_lock);
}

int rod_tls_reload(void *arg, char *err, size_t errlen)
{
    (void)arg;
    if (!tls_cfg) {
        snprintf(err, errlen, "no TLS context yet");
        return -1;
    }
    struct timespec m[4];
    file_mtimes(tls_cfg, m);
    int rc = swap_in(m, err, errlen);
    pthread_mutex_lock(&ctx_lock);
    last_check = time(NULL);
    pthread_mutex_unlock(&ctx_lock);
    return rc;
}

void rod_tls_thread_end(void)
{
    OPENSSL_thread_stop();
}

bool rod_tls_peer_oin(SSL *ssl, char out[21])
{
    X509 *cert = SSL_get0_peer_certificate(ssl);
    if (!cert)
        return false;
    X509_NAME *name = X509_get_subject_name(cert);
    int idx = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
    if (idx < 0)
        return false;
    ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
    const unsigned char *s = ASN1_STRING_get0_data(data);
    int len = ASN1_STRING_length(data);
    if (len != 20)
        return false;
    for (int i = 0; i < 20; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    memcpy(out, s, 20);
    out[20] = '\0';
    return true;
}

/* The earliest moment (seconds since the epoch) at which one of the
 * context's objects stops being usable: the server certificate's notAfter,
 * the CA certificates' notAfter, the CRLs' nextUpdate. */
static bool earliest_end(X509_STORE *store, X509 *leaf, time_t *until, char *what, size_t cap)
{
    bool any_crl = false;
    struct tm tm;
    *until = 0;
    if (!leaf || ASN1_TIME_to_tm(X509_get0_notAfter(leaf), &tm) != 1)
        return false;
    *until = timegm(&tm);
    snprintf(what, cap, "server certificate");
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        const ASN1_TIME *t = NULL;
        const char *kind = NULL;
        if (X509_OBJECT_get_type(o) == X509_LU_X509) {
            t = X509_get0_notAfter(X509_OBJECT_get0_X509(o));
            kind = "CA certificate";
        } else if (X509_OBJECT_get_type(o) == X509_LU_CRL) {
            t = X509_CRL_get0_nextUpdate(X509_OBJECT_get0_X509_CRL(o));
            kind = "CRL (nextUpdate)";
            any_crl = true;
        }
        if (t && ASN1_TIME_to_tm(t, &tm) == 1) {
            time_t end = timegm(&tm);
            if (end < *until) {
                *until = end;
                snprintf(what, cap, "%s", kind);
            }
        }
    }
    return any_crl;
}

bool rod_tls_health(long long *valid_until, char *reason, size_t cap)
{
    char what[40] = "";
    time_t until = 0;
    pthread_mutex_lock(&ctx_lock);
    bool loaded = current_ctx != NULL;
    bool crl = loaded && earliest_end(SSL_CTX_get_cert_store(current_ctx),
                                      SSL_CTX_get0_certificate(current_ctx), &until, what, sizeof what);
    pthread_mutex_unlock(&ctx_lock);
    *valid_until = (long long)until;
    if (!loaded) {
        snprintf(reason, cap, "no TLS context loaded");
        return false;
    }
    if (!crl) {
        snprintf(reason, cap, "no CRL loaded");
        return false;
    }
    if (until <= time(NULL)) {
        snprintf(reason, cap, "%s expired", what);
        return false;
    }
    reason[0] = '\0';
    return true;
}
