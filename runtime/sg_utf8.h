/*
 * sg_utf8.h - internal: UTF-8 decoding and the escaping of what a terminal would act on, one
 * rule for every message that carries text from an input: the compiler's diagnostics
 * (compiler/diag.c, report.c, gen_header.c's comments) and libslotgen-io's data errors
 * (runtime/sgio_load.c). Not installed; static inline, so each library compiles its own copy.
 *
 * The rule: C0 controls, DEL and bytes that are not UTF-8 are written "\xHH"; the other
 * controls (C1, the bidirectional controls of Trojan Source, line and paragraph separators) as
 * "\uHHHH"; everything else as it is. An escaped text never holds a byte a terminal acts on.
 */
#ifndef SG_UTF8_H
#define SG_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The length (1-4) of the well-formed UTF-8 sequence at 'p', its code point in '*cp'; 0 when
 * 'p' does not start one (overlong forms, surrogates and values past U+10FFFF included). Reads
 * no further than the first byte that is not a continuation, so a NUL stops it. */
static inline size_t sg_utf8_decode(const unsigned char *p, uint32_t *cp)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3
             : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0)
        return 0;
    uint32_t c = n == 1 ? p[0] : p[0] & (0x7fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3fu);
    }
    if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

/* The bidirectional controls (ALM, LRM, RLM, LRE..RLO, LRI..PDI). */
static inline int sg_utf8_is_bidi(uint32_t c)
{
    return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* A code point a terminal acts on: C0, DEL, C1, line and paragraph separators, bidi. */
static inline int sg_utf8_is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
           sg_utf8_is_bidi(c);
}

/* Writes 's' (its first 'len' bytes; NULs are escaped too; s[len] must be readable, as a C
 * string's NUL is) escaped by the rule above into 'out', at most 'cap' - 1 bytes and a NUL ('cap' > 0), never cutting an escape or a
 * character. Returns the bytes of 's' written; fewer than 'len' when 'out' was too small. */
static inline size_t sg_utf8_escape(char *out, size_t cap, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        uint32_t c = 0;
        size_t n = p[i] ? sg_utf8_decode(p + i, &c) : 0;
        char piece[8];
        size_t w;
        if (n == 0 || i + n > len || (c < 0x80 && sg_utf8_is_control(c))) {
            w = (size_t)snprintf(piece, sizeof piece, "\\x%02x", p[i]);
            n = 1;
        } else if (sg_utf8_is_control(c)) {
            w = (size_t)snprintf(piece, sizeof piece, "\\u%04x", (unsigned)c);
        } else {
            memcpy(piece, p + i, n);
            w = n;
        }
        if (o + w >= cap)
            break;
        memcpy(out + o, piece, w);
        o += w;
        i += n;
    }
    out[o] = '\0';
    return i;
}

#endif
