/* Output helpers shared by the commands: fouten of a functional error, a
 * persoonsgebonden nummer from the command line, and a response as XML. */
#ifndef ROD_CLIENT_PRINT_H
#define ROD_CLIENT_PRINT_H

struct soap;
struct rod__Fout;
struct rod__PersoonsgebondenNummer;

/* "CODE omschrijving (veld)" per fout, on stderr. */
void rodctl_print_fouten(const struct rod__Fout *f, int n);
/* A bsn or an onderwijsnummer (the two elfproeven exclude each other), in
 * soap's memory; NULL after printing why when it is neither. */
struct rod__PersoonsgebondenNummer *rodctl_pgn(struct soap *soap, const char *nr);
/* A context that writes indented XML to stdout, apart from the connection
 * (whose socket a write would otherwise use). */
struct soap *rodctl_stdout_soap(void);

#endif
