/* Text rules: UTF-8 validity and length in characters, XML white-space
 * trimming, and the formats of e-mail addresses, telephone numbers and
 * instellingscodes. */
#ifndef ROD_RULES_TEXT_H
#define ROD_RULES_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most characters an e-mail address may have (contract: Email). */
#define ROD_EMAIL_MAX_CHARS 254
/* Most characters a telephone number may have (contract: Telefoon). */
#define ROD_TELEFOON_MAX_CHARS 20

/* Decodes one code point from the n > 0 bytes at p into *cp. Returns the
 * length of the well-formed UTF-8 sequence there (RFC 3629: no overlong
 * form, no surrogate, nothing above U+10FFFF), or 0 if there is none. Stops
 * at a NUL byte inside a sequence, so a C string may be given n > its
 * remaining length. The one UTF-8 decoder of the gateway. */
size_t rod_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* Number of Unicode code points in s, which must be valid UTF-8 (check with
 * rod_utf8_valid first); the contract counts lengths in characters, not
 * bytes. 0 for NULL. */
size_t rod_utf8_length(const char *s);

/* True when the len bytes at s are well-formed UTF-8 (RFC 3629): no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
 * sequence. An embedded NUL is valid UTF-8; whether a code point is allowed
 * in XML is the XML parser's business. NULL is valid only with len 0. */
bool rod_utf8_valid(const char *s, size_t len);

/* Removes leading and trailing XML white space (space, tab, CR, LF) in place:
 * writes a NUL after the last other character and returns a pointer to the
 * first one, inside s. NULL gives NULL. */
char *rod_trim(char *s);

/* At most 254 characters, exactly one '@' with something on both sides, and
 * no white space or control character anywhere (Unicode spaces such as
 * U+00A0 included). Invalid UTF-8 is rejected. */
bool rod_email_valid(const char *s);

/* 1..20 characters, each a digit, space, '+', '-', '(' or ')'. */
bool rod_telefoon_valid(const char *s);

/* [0-9]{2}[A-Z]{2}, e.g. 31XU. */
bool rod_instellingscode_valid(const char *s);

#endif
