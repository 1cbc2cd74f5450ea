/*
 * hotel.c - issue 10's data model in C: a Hotel (examples/hotel/hotel.yaml) whose amenities
 * are a flag set, whose rooms are a list of embedded Room objects and whose tags are a list
 * of strings. It is built, printed, copied, compared, hashed, changed and read back by name
 * and by reflection; every list error is shown. Exits 1 when a call does not return what this
 * program says it returns.
 */
#include <stdio.h>
#include <string.h>

#include "hotel.slot.h"

static int failures;

/* Prints "what -> status" and counts a status other than 'want'. */
static void expect(const char *what, sg_status got, sg_status want)
{
    printf("  %-46s -> %s\n", what, got == SG_OK ? "SG_OK" : sg_strerror(got));
    if (got != want) {
        printf("    unexpected: wanted %s\n", want == SG_OK ? "SG_OK" : sg_strerror(want));
        failures++;
    }
}

/* Prints "what: yes/no" and counts an answer other than 'want'. */
static void check(const char *what, bool got, bool want)
{
    printf("  %-46s %s\n", what, got ? "yes" : "no");
    if (got != want) {
        printf("    unexpected: wanted %s\n", want ? "yes" : "no");
        failures++;
    }
}

static void print(const char *label, const Hotel *h)
{
    printf("%s", label);
    if (sg_fprint(stdout, &Hotel_class, h) != SG_OK)
        failures++;
    printf("\n");
}

/* Adds a room: a Room built on the stack from ROOM_INIT, copied into the list. */
static sg_status add_room(Hotel *h, uint16_t number, RoomKind kind, double rate, Amenity extras)
{
    Room r = ROOM_INIT; /* kind double, one bed: the schema's defaults, no allocation */
    Room_set_number(&r, number);
    Room_set_kind(&r, kind);
    Room_set_rate(&r, rate);
    Room_set_extras(&r, extras);
    if (kind == ROOM_KIND_SUITE)
        Room_set_beds(&r, 2);
    return Hotel_rooms_append(h, &r);
}

/* The tags by reflection: what a generic printer or loader does, with no generated code. */
static void tags_by_name(const Hotel *h)
{
    sg_value v, e;
    printf("  tags by name:");
    if (Hotel_getattr(h, "tags", &v) != SG_OK || v.type != SG_LIST) {
        failures++;
        return;
    }
    for (size_t i = 0; i < sg_attr_count(v.as.attr, h); i++)
        if (sg_attr_at(v.as.attr, h, i, &e) == SG_OK && e.type == SG_STR)
            printf(" '%s'", e.as.s);
    printf("\n");
}

static void amenities(const Hotel *h)
{
    char text[64];
    Amenity set = 0;
    expect("Amenity_format(amenities)", Amenity_format(Hotel_amenities(h), text, sizeof text),
           SG_OK);
    printf("  amenities: \"%s\"\n", text);
    expect("Amenity_parse(\"spa | wifi\")", Amenity_parse("spa | wifi", &set), SG_OK);
    check("  ... the same set", set == Hotel_amenities(h), true);
    expect("Amenity_parse(\"sauna\")", Amenity_parse("sauna", &set), SG_ENOATTR);
    check("has breakfast", (Hotel_amenities(h) & AMENITY_BREAKFAST) != 0, false);
}

int main(void)
{
    Hotel *h = Hotel_new("Grand Budapest", 5, AMENITY_WIFI | AMENITY_SPA);
    if (!h)
        return 1;
    printf("A hotel (%zu bytes: the lists are one pointer each, NULL while empty)\n",
           sizeof(Hotel));
    expect("Hotel_tags_append(\"alpine\")", Hotel_tags_append(h, "alpine"), SG_OK);
    expect("Hotel_tags_append(\"historic\")", Hotel_tags_append(h, "historic"), SG_OK);
    expect("add_room(101, single)", add_room(h, 101, ROOM_KIND_SINGLE, 90.0, 0), SG_OK);
    expect("add_room(102, suite)", add_room(h, 102, ROOM_KIND_SUITE, 240.0, AMENITY_BREAKFAST),
           SG_OK);
    expect("Hotel_ratings_reserve(3)", Hotel_ratings_reserve(h, 3), SG_OK);
    expect("Hotel_ratings_append(5)", Hotel_ratings_append(h, 5), SG_OK);
    expect("Hotel_ratings_append(4)", Hotel_ratings_append(h, 4), SG_OK);
    expect("Hotel_setattr(\"lobby\", true)", Hotel_setattr(h, "lobby", sg_bool(true)), SG_OK);
    print("  ", h);
    amenities(h);
    tags_by_name(h);

    printf("Errors leave a list as it was\n");
    expect("Hotel_tags_set_at(9, \"x\")", Hotel_tags_set_at(h, 9, "x"), SG_ERANGE);
    expect("Hotel_rooms_remove_at(2)", Hotel_rooms_remove_at(h, 2), SG_ERANGE);
    check("Hotel_tags_at(9) is NULL", Hotel_tags_at(h, 9) == NULL, true);
    check("still 2 tags and 2 rooms", Hotel_tags_count(h) == 2 && Hotel_rooms_count(h) == 2,
          true);

    printf("A clone is deep, equal, and hashes alike\n");
    Hotel *c = Hotel_clone(h);
    if (!c)
        return 1;
    check("Hotel_equal(h, clone)", Hotel_equal(h, c), true);
    check("Hotel_hash(h) == Hotel_hash(clone)", Hotel_hash(h) == Hotel_hash(c), true);
    check("tags are its own strings", Hotel_tags_at(h, 0) != Hotel_tags_at(c, 0), true);
    expect("clone: Hotel_tags_set_at(0, \"renovated\")", Hotel_tags_set_at(c, 0, "renovated"),
           SG_OK);
    expect("clone: Hotel_rooms_remove_at(0)", Hotel_rooms_remove_at(c, 0), SG_OK);
    Hotel_set_amenities(c, Hotel_amenities(c) | AMENITY_POOL);
    check("Hotel_equal(h, clone) after the changes", Hotel_equal(h, c), false);
    print("  original: ", h);
    print("  clone:    ", c);

    printf("Copy into an object of your own (Hotel_init, then Hotel_copy)\n");
    Hotel mine;
    expect("Hotel_init(&mine)", Hotel_init(&mine), SG_OK);
    expect("Hotel_copy(&mine, clone)", Hotel_copy(&mine, c), SG_OK);
    check("Hotel_equal(&mine, clone)", Hotel_equal(&mine, c), true);
    check("the suite kept its breakfast",
          (Hotel_rooms_at(&mine, 0)->extras & AMENITY_BREAKFAST) != 0, true);
    Hotel_destroy(&mine);

    Hotel_free(c);
    Hotel_free(h);
    sg_runtime_cleanup();
    if (failures)
        printf("%d unexpected results\n", failures);
    return failures ? 1 : 0;
}
