/* rodctl's exit codes (documented in man/rodctl.1 and docs/rodctl.md): a
 * script decides on these, never on the text. */
#ifndef ROD_CLIENT_EXITCODE_H
#define ROD_CLIENT_EXITCODE_H

enum {
    RODCTL_OK = 0,          /* everything done, nothing rejected */
    RODCTL_AFGEKEURD = 1,   /* done, but rows or the request were rejected (fout, gelukt=false) */
    RODCTL_USAGE = 2,       /* wrong command line, config file or input file: nothing sent */
    RODCTL_TLS = 3,         /* TLS failed: our certificate refused, or the server's not trusted */
    RODCTL_UNREACHABLE = 4, /* no connection, or no answer in time: run again (safe) */
    RODCTL_FAULT = 5,       /* a SOAP fault for the caller (ROD-0xxx): fix the request */
    RODCTL_STORING = 6,     /* a SOAP fault of the register (ROD-9xxx): run again later (safe) */
    RODCTL_INTERRUPTED = 7  /* stopped before the end (Ctrl-C, SIGTERM, RODCTL_STOP_AFTER_PART): run again */
};

#endif
