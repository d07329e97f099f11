/* Persoonsgebonden nummers: the elfproef of the BSN and of the onderwijsnummer,
 * and the making of new onderwijsnummers. */
#ifndef ROD_RULES_PGN_H
#define ROD_RULES_PGN_H

#include <stdbool.h>

/* Nine digits plus the terminating NUL. */
#define ROD_PGN_BUFSIZE 10

/* Highest sequence number rod_onderwijsnummer_from_seq accepts. */
#define ROD_ONDERWIJSNUMMER_SEQ_MAX 999999UL

/* Exactly 9 ASCII digits whose weighted sum (weights 9,8,7,6,5,4,3,2,-1) is a
 * multiple of 11 and not 0 (ROD-0204). */
bool rod_bsn_valid(const char *s);

/* Exactly 9 ASCII digits starting with "10" whose weighted sum (same weights)
 * is 5 modulo 11 (ROD-0205); e.g. 101222331. */
bool rod_onderwijsnummer_valid(const char *s);

/* Writes the onderwijsnummer "10" + seq as 6 digits + a check digit.
 * Deterministic: one seq always gives the same number, and different seqs
 * give different numbers. Returns false, leaving out as "", when seq is above
 * ROD_ONDERWIJSNUMMER_SEQ_MAX or when no check digit 0..9 satisfies the
 * elfproef (about one seq in eleven); the caller then tries seq + 1. */
bool rod_onderwijsnummer_from_seq(unsigned long seq, char out[ROD_PGN_BUFSIZE]);

#endif
