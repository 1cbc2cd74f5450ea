/*
 * sgio_yaml.c - the YAML driver of libslotgen-io: libyaml's event parser feeding the loader.
 *
 * libyaml reads the input (a string, or a FILE * in its own small chunks, so a stream of any
 * size costs the parser's buffers only) and checks it: malformed YAML and invalid UTF-8 are
 * its errors, reported at its mark. Positions are libyaml's 0-based marks plus one. Aliases
 * are rejected at their first use (so no alias expands, and no alias bomb can grow); anchors
 * are ignored; one document at most.
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <yaml.h>

#include "sgio.h"

static unsigned line_of(yaml_mark_t m)
{
    return (unsigned)m.line + 1;
}

static unsigned col_of(yaml_mark_t m)
{
    return (unsigned)m.column + 1;
}

static bool is_str_tag(const yaml_char_t *tag)
{
    return tag && strcmp((const char *)tag, "tag:yaml.org,2002:str") == 0;
}

/* The line and column (counted in characters, as libyaml's marks are) of byte 'offset' of
 * the input: from the text, or by reading the file again from 'start' (where the parse
 * began) when it can seek; false when neither can be done (a pipe). Only for an error that
 * libyaml reports with a byte offset alone (invalid UTF-8). */
static bool offset_pos(const sgio_loader *L, FILE *fp, long start, size_t offset,
                       unsigned *line, unsigned *col)
{
    *line = *col = 1;
    if (!fp && L->in->text && offset <= L->in->len) {
        for (size_t i = 0; i < offset; i++)
            if (L->in->text[i] == '\n')
                ++*line, *col = 1;
            else if (((unsigned char)L->in->text[i] & 0xc0) != 0x80)
                ++*col;
        return true;
    }
    if (!fp || start < 0 || fseek(fp, start, SEEK_SET) != 0)
        return false;
    for (size_t i = 0; i < offset; i++) {
        int c = getc(fp);
        if (c == EOF)
            return false;
        if (c == '\n')
            ++*line, *col = 1;
        else if ((c & 0xc0) != 0x80)
            ++*col;
    }
    return true;
}

static void syntax_error(sgio_loader *L, const yaml_parser_t *p, FILE *fp, long start)
{
    yaml_mark_t m = p->problem_mark;

    if (p->error == YAML_MEMORY_ERROR) {
        sgio_fail(L, SG_DIAG_NOMEM, SG_ENOMEM, 0, 0, "out of memory");
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        unsigned line, col;
        if (!offset_pos(L, fp, start, p->problem_offset, &line, &col))
            line = col = 0;
        sgio_fail(L, SG_DIAG_SYNTAX, SG_EINVAL, line, col, "%s (byte %zu)",
                  p->problem ? p->problem : "cannot read the input", p->problem_offset);
        return;
    }
    if (p->context)
        sgio_fail(L, SG_DIAG_SYNTAX, SG_EINVAL, line_of(m), col_of(m), "%s %s", p->context,
                  p->problem ? p->problem : "");
    else
        sgio_fail(L, SG_DIAG_SYNTAX, SG_EINVAL, line_of(m), col_of(m), "%s",
                  p->problem ? p->problem : "invalid YAML");
}

/* One event to the loader; false at the end of the stream. */
static bool feed(sgio_loader *L, const yaml_event_t *e, unsigned *docs)
{
    unsigned line = line_of(e->start_mark), col = col_of(e->start_mark);
    sgio_text s;

    switch (e->type) {
    case YAML_STREAM_END_EVENT:
        sgio_eof(L, line, col);
        return false;
    case YAML_DOCUMENT_START_EVENT:
        if (++*docs > 1)
            sgio_fail(L, SG_DIAG_SYNTAX, SG_EINVAL, line, col,
                      "more than one YAML document (put the objects in one sequence)");
        break;
    case YAML_MAPPING_START_EVENT:
        sgio_begin(L, true, line, col);
        break;
    case YAML_SEQUENCE_START_EVENT:
        sgio_begin(L, false, line, col);
        break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        sgio_end(L, line, col);
        break;
    case YAML_SCALAR_EVENT:
        s.text = (const char *)e->data.scalar.value;
        s.len = e->data.scalar.length;
        s.quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
                   is_str_tag(e->data.scalar.tag);
        sgio_scalar(L, &s, line, col);
        break;
    case YAML_ALIAS_EVENT:
        sgio_fail(L, SG_DIAG_DATA, SG_EINVAL, line, col,
                  "aliases are not supported (alias '*%s')", (const char *)e->data.alias.anchor);
        break;
    default:
        break;
    }
    return true;
}

void sgio_yaml_run(sgio_loader *L)
{
    yaml_parser_t p;
    yaml_event_t e;
    FILE *fp;
    bool owned, more = true;
    unsigned docs = 0;

    if (!sgio_open(L, &fp, &owned))
        return;
    if (!yaml_parser_initialize(&p)) {
        sgio_fail(L, SG_DIAG_NOMEM, SG_ENOMEM, 0, 0, "out of memory");
        if (owned)
            fclose(fp);
        return;
    }
    long start = fp ? ftell(fp) : -1; /* -1 too when it cannot tell (a pipe) */
    if (fp)
        yaml_parser_set_input_file(&p, fp);
    else
        yaml_parser_set_input_string(&p, (const unsigned char *)L->in->text, L->in->len);
    while (more && !sgio_stopped(L)) {
        if (!yaml_parser_parse(&p, &e)) {
            if (fp && ferror(fp))
                sgio_fail(L, SG_DIAG_IO, SG_EINVAL, 0, 0, "read error");
            else
                syntax_error(L, &p, fp, start);
            break;
        }
        more = feed(L, &e, &docs);
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    if (owned)
        fclose(fp);
}
