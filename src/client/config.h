/* rodctl's settings: where the gateway is and which certificate to show it,
 * from a config file (key = value) and the command line. */
#ifndef ROD_CLIENT_CONFIG_H
#define ROD_CLIENT_CONFIG_H

#include <stddef.h>

typedef struct {
    char endpoint[512]; /* https://host:port/rod/v1 */
    char cert[512];     /* PEM certificate (chain), with key */
    char key[512];      /* PEM private key */
    char pkcs12[512];   /* or a PKCS#12 file instead of cert and key */
    char password[256]; /* of the key or the PKCS#12 file */
    char ca[512];       /* PEM trust anchor(s) of the server certificate */
    int timeout;        /* seconds for connect, send and receive */
} rodctl_config;

/* Defaults (endpoint https://localhost:8443/rod/v1, timeout 300 s). */
void rodctl_config_defaults(rodctl_config *c);
/* Reads `key = value` lines ('#' starts a comment). Returns 0, or -1 with
 * a message in err (file, line and the problem). */
int rodctl_config_load(rodctl_config *c, const char *path, char *err, size_t errlen);
/* Sets one key as in the file (also for --set key=value). */
int rodctl_config_set(rodctl_config *c, const char *key, const char *value, char *err, size_t errlen);
/* Checks the settings as a whole: an endpoint, a CA, and either cert and key
 * or pkcs12 (not both). */
int rodctl_config_check(const rodctl_config *c, char *err, size_t errlen);
/* The file used when --config is not given: $RODCTL_CONFIG, else
 * ~/.config/rodctl.conf, else /etc/rodctl.conf; NULL when none exists. */
const char *rodctl_config_default_path(char *buf, size_t len);

#endif
