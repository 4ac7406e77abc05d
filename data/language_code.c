/* language_code.c: ISO 639 codes, as ICU lists them. */
#include "data/language_code.h"
#include <string.h>
#include <unicode/uloc.h>

bool language_code_known(const char *code) {
  if (!strcmp(code, "xx")) return true;
  for (const char *const *known = uloc_getISOLanguages(); *known; known++)
    if (!strcmp(*known, code)) return true;
  return false;
}
