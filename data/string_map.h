/* string_map.h: an open-addressing hash map from strings (copied) to a
 * long value, for dictionaries and de-duplication. */
#ifndef JN_STRING_MAP_H
#define JN_STRING_MAP_H

typedef struct {
  char **keys;
  long *values;
  long n, cap;
} StringMap;

/* The value slot of key, inserting it with value 0 when absent;
 * *inserted (if not NULL) says which. The pointer is valid until the next insert. */
long *string_map_slot(StringMap *m, const char *key, int *inserted);
/* The value slot of key or NULL. */
long *string_map_find(const StringMap *m, const char *key);
void string_map_free(StringMap *m);

#endif
