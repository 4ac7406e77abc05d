/* demo_words.h: the small built-in word lists of the generated demo data
 * (data/demo_gen.c). Every list is NULL-terminated; an entry is a phrase
 * whose tokens are separated by single spaces (Thai entries are already
 * word-segmented). Near-synonyms appear as separate entries (áo thun / áo
 * phông / t-shirt), English words are mixed into every language, and a
 * few words are ambiguous across categories (Vietnamese "da" is leather, a
 * MATERIAL, in FASHION but part of the PRODUCT "kem dưỡng da" in BEAUTY;
 * Indonesian "kulit" likewise), so the category helps the tagger. */
#ifndef JN_DEMO_WORDS_H
#define JN_DEMO_WORDS_H

#define DEMO_CATEGORIES 6

typedef struct {
  const char *products[16];  /* PRODUCT phrases of the category */
  const char *materials[10]; /* MATERIAL phrases usual in the category */
} DemoCategoryWords;

typedef struct {
  const char *code; /* vi, th, id */
  DemoCategoryWords categories[DEMO_CATEGORIES];
  const char *colors[16], *patterns[12], *consumer_groups[12];
  const char *fillers[24]; /* O phrases: selling points, sizes, shop talk */
} DemoLanguage;

/* Category labels, in the order of DemoLanguage.categories. */
extern const char *const demo_category_names[DEMO_CATEGORIES];
/* BRAND names per category, shared by the languages. */
extern const char *const demo_brands[DEMO_CATEGORIES][10];
/* English O words mixed into titles of every language. */
extern const char *const demo_english_fillers[];
/* The languages, NULL code terminated. */
extern const DemoLanguage demo_languages[];

#endif
