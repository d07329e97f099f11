/* Address rules: Dutch postcodes, foreign landcodes and the order of foreign
 * address lines. */
#ifndef ROD_RULES_ADDRESS_H
#define ROD_RULES_ADDRESS_H

#include <stdbool.h>

/* [1-9][0-9]{3}[A-Z]{2} with the letter pairs SA, SD and SS excluded; no
 * space, no lower case (ROD-0210). */
bool rod_postcode_valid(const char *s);

/* The number part 1000..9999 of a valid postcode, the key of the
 * postcode-to-gemeente range table; -1 for an invalid postcode. */
int rod_postcode_number(const char *s);

/* A landcode fit for a foreign address: 4 digits, not 0000 and not 6030
 * (Nederland) (ROD-0209). */
bool rod_landcode_valid_foreign(const char *s);

/* Which of adresregel1..3 are present: regel1 is required, regel2 only with
 * regel1, regel3 only with regel1 and regel2 (ROD-0209). */
bool rod_adresregels_valid(bool has1, bool has2, bool has3);

#endif
