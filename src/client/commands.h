/* rodctl's commands: each parses its own options (getopt_long, --help) and
 * returns an exit code of client/exitcode.h. */
#ifndef ROD_CLIENT_COMMANDS_H
#define ROD_CLIENT_COMMANDS_H

#include "client/config.h"
#include "client/conn.h"

int rodctl_cmd_aanleveren(int argc, char **argv, const rodctl_config *cfg);
int rodctl_cmd_overzicht(int argc, char **argv, const rodctl_config *cfg);
int rodctl_cmd_melding(int argc, char **argv, const rodctl_config *cfg);
int rodctl_cmd_leerling(int argc, char **argv, const rodctl_config *cfg);

/* Checks the settings and opens the connection; prints why not. */
int rodctl_connect(rodctl_conn *c, const rodctl_config *cfg);

#endif
