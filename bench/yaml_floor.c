/* yaml_floor.c - the floor of the compiler section of `make bench`: libyaml's event parse alone.
 *
 * Reads one YAML file with libyaml and pulls every event (yaml_parser_parse, then
 * yaml_event_delete), building nothing, checking nothing, writing nothing but the event count
 * on stdout. No compiler that reads YAML through libyaml can be faster than this program on the
 * same file, so bench/compiler_bench.py prints slotgen's CPU time over this one's.
 *
 * Not part of the bench program (bench/bench): the Makefile builds it alone, against libyaml
 * only. Exit status: 0 when the whole stream parsed, 1 on a parse or read error (message on
 * stderr), 2 on a usage error.
 */
#include <stdio.h>

#include <yaml.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: yaml_floor FILE.yaml\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        fprintf(stderr, "yaml_floor: out of memory\n");
        return 1;
    }
    yaml_parser_set_input_file(&parser, f);
    unsigned long events = 0;
    int status = 0;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s:%lu:%lu: error: %s\n", argv[1],
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            status = 1;
            break;
        }
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (status == 0)
        printf("%lu events\n", events);
    return status;
}
