/* language_code.h: the language codes a config may name (data.language).
 * The code only labels a run (its record and the tables); tokenisation
 * does not depend on it (Thai is segmented wherever Thai script occurs). */
#ifndef JN_LANGUAGE_CODE_H
#define JN_LANGUAGE_CODE_H
#include <stdbool.h>

/* An ISO 639 code that ICU lists (uloc_getISOLanguages: "id", "th", "vi",
 * ...), or "xx", the default, for a language left unnamed. */
bool language_code_known(const char *code);

#endif
