/* Checks on Dutch postcodes, foreign landcodes and foreign address lines. */
#include "rules/address.h"

#include <stddef.h>

#include "rules/ascii.h"

bool rod_postcode_valid(const char *s)
{
    int number;

    if (s == NULL)
        return false;
    /* [1-9][0-9]{3}: four digits of which the first is not 0. */
    if (!rod_ascii_read_digits(s, 4, &number) || number < 1000)
        return false;
    if (!rod_ascii_upper(s[4]) || !rod_ascii_upper(s[5]) || s[6] != '\0')
        return false;
    /* PostNL never issues SA, SD and SS (their associations with the
	 * Second World War). */
    if (s[4] == 'S' && (s[5] == 'A' || s[5] == 'D' || s[5] == 'S'))
        return false;
    return true;
}

int rod_postcode_number(const char *s)
{
    int number = -1;

    if (!rod_postcode_valid(s) || !rod_ascii_read_digits(s, 4, &number))
        return -1;
    return number;
}

bool rod_landcode_valid_foreign(const char *s)
{
    int code;

    if (s == NULL)
        return false;
    if (!rod_ascii_read_digits(s, 4, &code) || s[4] != '\0')
        return false;
    /* 0000 is the BRP's "onbekend", and 6030 is Nederland itself: neither
	 * says where abroad the pupil lives. */
    return code != 0 && code != 6030;
}

bool rod_adresregels_valid(bool has1, bool has2, bool has3)
{
    /* The XSD sequence is adresregel1, adresregel2?, adresregel3?, so a
	 * later line needs every line before it. */
    if (!has1)
        return false;
    return has2 || !has3;
}
