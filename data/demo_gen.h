/* demo_gen.h: the generated demo data set (the paper's product-title data
 * is proprietary). Per language, DIR/<lang>/ gets train/dev/test.conll
 * (IOBES, with `# label = CATEGORY` lines), pretrain.tsv (category-labeled
 * titles, written as they are generated so millions are fine) and
 * unlabeled.txt; DIR/README.md says the data is generated and how.
 *
 * Titles have 6-20 tokens: one PRODUCT phrase of the category (sometimes a
 * second, a near-synonym), and with fixed probabilities a BRAND of the
 * category, COLOR, PATTERN, CONSUMER_GROUP, MATERIAL, O selling-point
 * phrases, English O words, and a repeated expression ("giá rẻ giá rẻ"),
 * in varying order. The six categories are equally likely; products,
 * brands and materials depend on the category, so the sentence label is
 * learnable and informs the tags. Everything is drawn from model/rng.h
 * streams seeded from --seed, the language and the file, so the same seed
 * gives byte-identical files. */
#ifndef JN_DEMO_GEN_H
#define JN_DEMO_GEN_H
#include <stdint.h>

typedef struct {
  const char *out;
  uint64_t seed;
  long pretrain, unlabeled;
  int ner[3];
} DemoOptions;

DemoOptions demo_default_options(void); /* seed 1, pretrain 100000, unlabeled 20000, ner 1000,500,500 */
void demo_write_readme(const DemoOptions *o, const char *languages);
void demo_generate(const DemoOptions *o, const char *lang);

#endif
