/* rodctl: the command-line client of rodgate, for schools without an ERP
 * integration and for operators (man/rodctl.1, docs/rodctl.md). Global
 * options, the config file, then one command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "RodBinding.nsmap"
#include "client/commands.h"
#include "client/exitcode.h"

static const char usage[] =
    "usage: rodctl [--config FILE] [--set KEY=VALUE]... COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  aanleveren FILE.csv|FILE.xlsx   submit inschrijvingen from a spreadsheet\n"
    "  overzicht --csv|--xlsx FILE     export the whole registratieoverzicht\n"
    "  melding melden|wijzigen|intrekken|opvragen|historie|zoeken ...\n"
    "  leerling BSN|ONDERWIJSNUMMER    what the school may report about a pupil\n"
    "\n"
    "  -c, --config FILE    settings (default $RODCTL_CONFIG, ~/.config/rodctl.conf, /etc/rodctl.conf)\n"
    "  -s, --set KEY=VALUE  one setting: endpoint, cert, key, pkcs12, password, ca, timeout\n"
    "  -h, --help           this text; `rodctl COMMAND --help` for a command\n"
    "\n"
    "exit codes: 0 done; 1 rows or the request rejected; 2 usage, settings or input file;\n"
    "3 TLS or certificate; 4 unreachable or no answer (running again is safe); 5 SOAP fault\n"
    "(ROD-0xxx); 6 the register's fault (ROD-9xxx; run again later); 7 stopped before the end\n"
    "(Ctrl-C; run again).\n";

int rodctl_connect(rodctl_conn *c, const rodctl_config *cfg)
{
    char err[1200];
    if (rodctl_config_check(cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodctl: %s\n", err);
        return RODCTL_USAGE;
    }
    return rodctl_conn_open(c, cfg);
}

int main(int argc, char **argv)
{
    /* "today" for the local row checks is the register's: Europe/Amsterdam */
    setenv("TZ", "Europe/Amsterdam", 1);
    rodctl_config cfg;
    rodctl_config_defaults(&cfg);
    const char *config = NULL;
    char err[1200], buf[1024];
    int i = 1;
    /* the config file first, then every --set over it, in order */
    for (int k = 1; k < argc && argv[k][0] == '-'; k++)
        if ((!strcmp(argv[k], "--config") || !strcmp(argv[k], "-c")) && k + 1 < argc)
            config = argv[++k];
    if (!config)
        config = rodctl_config_default_path(buf, sizeof buf);
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return RODCTL_OK;
        }
        if ((!strcmp(a, "--config") || !strcmp(a, "-c")) && i + 1 < argc) {
            i++;
        } else if ((!strcmp(a, "--set") || !strcmp(a, "-s")) && i + 1 < argc) {
            i++;
        } else {
            fprintf(stderr, "rodctl: unknown option '%s'\n%s", a, usage);
            return RODCTL_USAGE;
        }
    }
    if (i == argc) {
        fputs(usage, stderr);
        return RODCTL_USAGE;
    }
    if (config && rodctl_config_load(&cfg, config, err, sizeof err) != 0) {
        fprintf(stderr, "rodctl: %s\n", err);
        return RODCTL_USAGE;
    }
    for (int k = 1; k < i; k++)
        if (!strcmp(argv[k], "--set") || !strcmp(argv[k], "-s")) {
            char *eq = strchr(argv[k + 1], '=');
            if (!eq) {
                fprintf(stderr, "rodctl: --set %s: expected KEY=VALUE\n", argv[k + 1]);
                return RODCTL_USAGE;
            }
            *eq = '\0';
            if (rodctl_config_set(&cfg, argv[k + 1], eq + 1, err, sizeof err) != 0) {
                fprintf(stderr, "rodctl: --set %s\n", err);
                return RODCTL_USAGE;
            }
            k++;
        } else if (!strcmp(argv[k], "--config") || !strcmp(argv[k], "-c")) {
            k++;
        }
    const char *cmd = argv[i];
    int n = argc - i;
    char **args = argv + i;
    if (!strcmp(cmd, "aanleveren"))
        return rodctl_cmd_aanleveren(n, args, &cfg);
    if (!strcmp(cmd, "overzicht"))
        return rodctl_cmd_overzicht(n, args, &cfg);
    if (!strcmp(cmd, "melding"))
        return rodctl_cmd_melding(n, args, &cfg);
    if (!strcmp(cmd, "leerling"))
        return rodctl_cmd_leerling(n, args, &cfg);
    fprintf(stderr, "rodctl: unknown command '%s'\n%s", cmd, usage);
    return RODCTL_USAGE;
}
