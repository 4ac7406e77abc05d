/* comparisons.c: the paper's comparisons and claims on a sweep's runs. */
#include "runner/tables/comparisons.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "model/params.h"
#include "data/files.h"
#include "runner/paper_layout.h"
#include "runner/tables/stats.h"

/* ---- the paper's tables ------------------------------------------------------- */

static char *next_field(char **cursor) {
  char *field = *cursor, *comma = strchr(field, ',');
  if (comma) {
    *comma = '\0';
    *cursor = comma + 1;
  } else {
    *cursor = NULL;
  }
  return field;
}

void paper_tables_load(PaperTables *p, const char *path) {
  memset(p, 0, sizeof *p);
  char *text = read_file_or_null(path);
  if (!text) jn_die("%s: cannot read the paper's tables: %s", path, strerror(errno));
  long line = 0;
  for (char *l = text, *next; l && *l; l = next) {
    char *end = strchr(l, '\n');
    next = end ? end + 1 : NULL;
    if (end) *end = '\0';
    if (end && end > l && end[-1] == '\r') end[-1] = '\0';
    line++;
    char *cursor = l;
    if (line == 1) {
      const char *expect[] = {"table", "model", "attention"};
      for (int i = 0; i < 3; i++)
        if (!cursor || strcmp(next_field(&cursor), expect[i]))
          jn_die("%s:1: expected the header table,model,attention,LANGUAGE...", path);
      while (cursor) {
        p->languages = jn_realloc(p->languages, sizeof *p->languages * (size_t)(p->n_languages + 1));
        p->languages[p->n_languages++] = jn_strdup(next_field(&cursor));
      }
      if (!p->n_languages) jn_die("%s:1: no language columns", path);
      continue;
    }
    int r = p->n_rows++;
    p->tables = jn_realloc(p->tables, sizeof *p->tables * (size_t)p->n_rows);
    p->models = jn_realloc(p->models, sizeof *p->models * (size_t)p->n_rows);
    p->attentions = jn_realloc(p->attentions, sizeof *p->attentions * (size_t)p->n_rows);
    p->values = jn_realloc(p->values, sizeof *p->values * (size_t)(p->n_rows * p->n_languages));
    char **names[3] = {&p->tables[r], &p->models[r], &p->attentions[r]};
    for (int i = 0; i < 3; i++) {
      if (!cursor) jn_die("%s:%ld: expected %d fields", path, line, 3 + p->n_languages);
      *names[i] = jn_strdup(next_field(&cursor));
    }
    for (int k = 0; k < p->n_languages; k++) {
      if (!cursor) jn_die("%s:%ld: expected %d fields", path, line, 3 + p->n_languages);
      char *field = next_field(&cursor), *stop;
      double v = NAN;
      if (*field) {
        v = strtod(field, &stop);
        if (*stop || !(v >= 0 && v <= 100))
          jn_die("%s:%ld: '%s' is not an F1 in [0, 100]", path, line, field);
      }
      p->values[r * p->n_languages + k] = v;
    }
    if (cursor) jn_die("%s:%ld: more than %d fields", path, line, 3 + p->n_languages);
  }
  if (line == 0) jn_die("%s: empty", path);
  free(text);
}

double paper_value(const PaperTables *p, const char *table, const char *model,
                   const char *attention, const char *language) {
  if (!p) return NAN;
  for (int k = 0; k < p->n_languages; k++) {
    if (strcmp(p->languages[k], language)) continue;
    for (int r = 0; r < p->n_rows; r++)
      if (!strcmp(p->tables[r], table) && !strcmp(p->models[r], model) &&
          !strcmp(p->attentions[r], attention))
        return p->values[r * p->n_languages + k];
  }
  return NAN;
}

void paper_tables_free(PaperTables *p) {
  for (int k = 0; k < p->n_languages; k++) free(p->languages[k]);
  for (int r = 0; r < p->n_rows; r++) {
    free(p->tables[r]);
    free(p->models[r]);
    free(p->attentions[r]);
  }
  free(p->languages);
  free(p->tables);
  free(p->models);
  free(p->attentions);
  free(p->values);
  memset(p, 0, sizeof *p);
}

/* ---- one comparison: cell A minus cell B ------------------------------------------ */

typedef struct {
  const char *table, *model, *attention;
} CellName;

/* A - B in the language at hand; with versus, that minus A - B in the
 * language versus (a difference of differences, for a claim across
 * languages). */
typedef struct {
  CellName a, b;
  const char *versus;
} Comparison;

typedef struct {
  int n[4];             /* seeds of A and B, then of A and B in versus */
  int have;             /* every cell has a seed */
  double mean_a, mean_b; /* of A and B; NAN without seeds */
  double difference;    /* of the means: A - B, or (A - B) - (A - B in versus) */
  WelchResult welch;    /* defined when every cell has >= 2 seeds */
  const double *f1[2];  /* A's and B's seeds when every cell has one and there is no versus */
  double paper;         /* the paper's difference, NAN when it lacks a cell */
} Outcome;

static Outcome compare(const ComparisonInput *in, const PaperTables *paper, const Comparison *c,
                       const char *language) {
  const int k = c->versus ? 4 : 2;
  const CellName *cells[4] = {&c->a, &c->b, &c->a, &c->b};
  static const double SIGNS[4] = {1, -1, -1, 1};
  SeedScores s[4];
  const double *f1[4];
  double means[4] = {NAN, NAN, NAN, NAN};
  Outcome o = {.have = 1};
  for (int i = 0; i < k; i++) {
    const char *lang = i < 2 ? language : c->versus;
    s[i] = in->scores(in->ctx, cells[i]->table, cells[i]->model, cells[i]->attention, lang);
    f1[i] = s[i].f1;
    o.n[i] = s[i].n;
    o.have &= s[i].n > 0;
    means[i] = s[i].n ? stats_summarize(s[i].f1, s[i].n).mean : NAN;
    o.difference += SIGNS[i] * means[i];
    o.paper += SIGNS[i] * paper_value(paper, cells[i]->table, cells[i]->model, cells[i]->attention, lang);
  }
  o.mean_a = means[0];
  o.mean_b = means[1];
  o.welch = stats_welch_contrast(f1, o.n, SIGNS, k);
  if (k == 2 && o.have) o.f1[0] = f1[0], o.f1[1] = f1[1];
  return o;
}

/* The permutation test's p of A - B, computed when it is shown (the
 * verdicts read Welch's intervals only); NAN for a difference of
 * differences or a cell without seeds. */
static double permutation_p(const Outcome *o) {
  return o->f1[0] ? stats_permutation_p(o->f1[0], o->n[0], o->f1[1], o->n[1]) : NAN;
}

static const char *short_attention(const char *code) {
  AttentionKind a;
  return attention_parse(code, &a) == 0 ? attention_short_label(a) : code;
}

static char *cell_label(const CellName *c) {
  return jn_format("%s%s, %s", strcmp(c->table, "table2") ? "" : "Table 2: ", c->model,
                   short_attention(c->attention));
}

static char *p_text(double p) {
  if (isnan(p)) return jn_strdup("–");
  return p < 0.001 ? jn_strdup("<0.001") : jn_format("%.3f", p);
}

/* ---- verdicts on the paper's claims -------------------------------------------------- */

/* What a claim says of A - B. */
typedef enum {
  EXPECT_NONE,    /* not claimed for this language */
  EXPECT_GREATER, /* A beats B: held if the interval is above 0, not held if below */
  EXPECT_LESS,    /* A is below B: held if the interval is below 0, not held if above */
  EXPECT_SLIGHT,  /* slight or no gain: held if below +1 point, not held if above +1 */
  EXPECT_NO_HELP  /* no gain: not held if above 0, held if below +1 point */
} Expectation;

static const double SLIGHT_POINTS = 1.0; /* the margin of "slight" (F1 points) */

typedef enum { VERDICT_NO_DATA, VERDICT_INCONCLUSIVE, VERDICT_HELD, VERDICT_NOT_HELD } Verdict;

/* One of a claim's m comparisons: held when its 95% interval lies on the
 * claimed side (the claim is held when every one is: an intersection-union
 * test, at 5% without correction); not held when its 1 - 0.05 / m interval
 * lies on the other side (Bonferroni: of the claims that are true, at most
 * 5% get a comparison marked against them, whatever m). */
static Verdict judge(Expectation e, const WelchResult *w, int m) {
  if (!w->defined || e == EXPECT_NONE) return VERDICT_NO_DATA;
  double low, high; /* the wider interval, for "not held" */
  stats_welch_interval(w, 1 - 0.05 / m, &low, &high);
  switch (e) {
    case EXPECT_GREATER:
      return w->low > 0 ? VERDICT_HELD : high < 0 ? VERDICT_NOT_HELD : VERDICT_INCONCLUSIVE;
    case EXPECT_LESS:
      return w->high < 0 ? VERDICT_HELD : low > 0 ? VERDICT_NOT_HELD : VERDICT_INCONCLUSIVE;
    case EXPECT_SLIGHT:
      return w->high < SLIGHT_POINTS ? VERDICT_HELD
             : low > SLIGHT_POINTS   ? VERDICT_NOT_HELD
                                     : VERDICT_INCONCLUSIVE;
    case EXPECT_NO_HELP:
      return low > 0                   ? VERDICT_NOT_HELD
             : w->high < SLIGHT_POINTS ? VERDICT_HELD
                                       : VERDICT_INCONCLUSIVE;
    default:
      return VERDICT_NO_DATA;
  }
}

enum { MAX_CLAIM_COMPARISONS = 8 };

typedef struct {
  const char *text; /* the paper's claim */
  int n;
  Comparison comparisons[MAX_CLAIM_COMPARISONS];
  /* the expectation in a language: vi, th, id, and any other */
  Expectation vi, th, id, other;
} Claim;

static const GridRow ROWS_WITH_ATTENTION[] = {ROW_NER, ROW_JOINT, ROW_JOINT_PRETRAINED};

#define T1(row, attention) {"table1", GRID_ROW_NAMES[row], attention}
#define T2(row) {"table2", TABLE2_ROW_NAMES[row], LEARNED}
#define LEARNED attention_name(ATT_SELF_LEARNED)
#define NONE attention_name(ATT_NONE)

static Claim new_claim(const char *text, Expectation vi, Expectation th, Expectation id,
                       Expectation other) {
  return (Claim){.text = text, .vi = vi, .th = th, .id = id, .other = other};
}

static void add_comparison(Claim *c, CellName a, CellName b) {
  c->comparisons[c->n++] = (Comparison){a, b, NULL};
}

/* A - B in the claim's language minus A - B in versus. */
static void add_contrast(Claim *c, CellName a, CellName b, const char *versus) {
  c->comparisons[c->n++] = (Comparison){a, b, versus};
}

/* The paper's claims (../shared/paper/README.md), filled in at first use. */
static const Claim *claims(int *n) {
  enum { N_CLAIMS = 9 };
  static Claim list[N_CLAIMS];
  *n = N_CLAIMS;
  if (list[0].text) return list;
  const Expectation G = EXPECT_GREATER, L = EXPECT_LESS;
  Claim *c = list;
  *c = new_claim("Joint + Pre-trained, self-attention (learned), beats NER-only without attention "
                 "(the headline: +3.78 / +4.20 / +2.08 points)", G, G, G, G);
  add_comparison(c++, (CellName)T1(ROW_JOINT_PRETRAINED, LEARNED), (CellName)T1(ROW_NER, NONE));
  *c = new_claim("Joint beats NER-only (each attention variant)", G, G, G, G);
  for (int a = 0; a < N_ATTENTION; a++) {
    const char *att = attention_name((AttentionKind)a);
    add_comparison(c, (CellName)T1(ROW_JOINT, att), (CellName)T1(ROW_NER, att));
  }
  *++c = new_claim("Joint + Pre-trained beats Joint (each attention variant)", G, G, G, G);
  for (int a = 0; a < N_ATTENTION; a++) {
    const char *att = attention_name((AttentionKind)a);
    add_comparison(c, (CellName)T1(ROW_JOINT_PRETRAINED, att), (CellName)T1(ROW_JOINT, att));
  }
  *++c = new_claim("Self-attention un-scaled beats scaled in every configuration", G, G, G, G);
  for (int r = 0; r < 3; r++)
    add_comparison(c, (CellName)T1(ROWS_WITH_ATTENTION[r], attention_name(ATT_SELF_UNSCALED)),
                   (CellName)T1(ROWS_WITH_ATTENTION[r], attention_name(ATT_SELF_SCALED)));
  const Expectation S = EXPECT_SLIGHT, H = EXPECT_NO_HELP;
  *++c = new_claim("Soft attention gives slight or no improvement (each row)", S, S, S, S);
  for (int r = 0; r < 3; r++)
    add_comparison(c, (CellName)T1(ROWS_WITH_ATTENTION[r], attention_name(ATT_SOFT)),
                   (CellName)T1(ROWS_WITH_ATTENTION[r], NONE));
  *++c = new_claim("+10k / +50k dictionary augmentation does not help", H, H, H, H);
  add_comparison(c, (CellName)T1(ROW_NER_10K, NONE), (CellName)T1(ROW_NER, NONE));
  add_comparison(c, (CellName)T1(ROW_NER_50K, NONE), (CellName)T1(ROW_NER, NONE));
  *++c = new_claim("Removing the residual connection drops F1 in every language", L, L, L, L);
  add_comparison(c, (CellName)T2(TABLE2_NO_RESIDUAL), (CellName)T2(TABLE2_FULL));
  const Expectation N = EXPECT_NONE;
  *++c = new_claim("Removing the residual connection drops F1 least on th (th's drop against "
                   "each other language's)", N, G, N, N);
  add_contrast(c, (CellName)T2(TABLE2_NO_RESIDUAL), (CellName)T2(TABLE2_FULL), "vi");
  add_contrast(c, (CellName)T2(TABLE2_NO_RESIDUAL), (CellName)T2(TABLE2_FULL), "id");
  *++c = new_claim("Removing the locked dropout on the attention output hurts vi and th and "
                   "helps id", L, L, G, EXPECT_NONE);
  add_comparison(c, (CellName)T2(TABLE2_NO_LOCKED_DROPOUT), (CellName)T2(TABLE2_FULL));
  return list;
}

static Expectation expectation_in(const Claim *c, const char *language) {
  return !strcmp(language, "vi")   ? c->vi
         : !strcmp(language, "th") ? c->th
         : !strcmp(language, "id") ? c->id
                                   : c->other;
}

/* held if every comparison with data is held, not held if any is not held,
 * else inconclusive; counts in the text */
static char *claim_verdict(const ComparisonInput *in, const Claim *c, const char *language) {
  Expectation e = expectation_in(c, language);
  if (e == EXPECT_NONE) return jn_strdup(c->comparisons[0].versus ? "–" : "not claimed");
  int counted = 0, held = 0, against = 0;
  for (int i = 0; i < c->n; i++) {
    Outcome o = compare(in, NULL, &c->comparisons[i], language);
    Verdict v = judge(e, &o.welch, c->n);
    if (v == VERDICT_NO_DATA) continue;
    counted++;
    held += v == VERDICT_HELD;
    against += v == VERDICT_NOT_HELD;
  }
  if (!counted) return jn_strdup("–");
  const char *word = against ? "not held" : held == counted ? "held" : "inconclusive";
  if (counted == 1) return jn_strdup(word);
  return jn_format("%s (%d held, %d against, of %d)", word, held, against, counted);
}

/* ---- the comparisons of one language ------------------------------------------------ */

/* Every Joint and Joint + Pre-trained cell minus NER-only without
 * attention, Joint + Pre-trained minus Joint per variant, and Table 2's
 * ablations minus its full row. */
static Comparison *all_comparisons(int *n) {
  static Comparison list[3 * N_ATTENTION + 2];
  int k = 0;
  for (int m = 0; m < 2; m++)
    for (int a = 0; a < N_ATTENTION; a++)
      list[k++] = (Comparison){T1(m ? ROW_JOINT_PRETRAINED : ROW_JOINT, attention_name((AttentionKind)a)),
                               T1(ROW_NER, NONE), NULL};
  for (int a = 0; a < N_ATTENTION; a++) {
    const char *att = attention_name((AttentionKind)a);
    list[k++] = (Comparison){T1(ROW_JOINT_PRETRAINED, att), T1(ROW_JOINT, att), NULL};
  }
  list[k++] = (Comparison){T2(TABLE2_NO_RESIDUAL), T2(TABLE2_FULL), NULL};
  list[k++] = (Comparison){T2(TABLE2_NO_LOCKED_DROPOUT), T2(TABLE2_FULL), NULL};
  *n = k;
  return list;
}

static const char *sign_agreement(const Outcome *o) {
  if (isnan(o->paper) || !o->have) return "–";
  return (o->difference > 0) == (o->paper > 0) ? "yes" : "**no**";
}

/* Whether the paper's difference lies in our 95% Welch interval: outside,
 * our seeds are at odds with the size of the paper's effect, whatever its
 * sign. */
static int paper_inside(const Outcome *o) { /* 1, 0, or -1: no interval or no paper value */
  if (isnan(o->paper) || !o->welch.defined) return -1;
  return o->welch.low <= o->paper && o->paper <= o->welch.high;
}

static const char *paper_in_interval(const Outcome *o) {
  static const char *const TEXT[] = {"–", "**no**", "yes"};
  return TEXT[paper_inside(o) + 1];
}

/* A comparison's cells of a Markdown row, each closed by " |"; the caller
 * opens the row with "|" and ends the line. */
static void write_comparison_cells(FILE *out, const Comparison *c, const Outcome *o,
                                   const PaperTables *paper) {
  char *a = cell_label(&c->a), *b = cell_label(&c->b);
  if (c->versus)
    fprintf(out, " (%s − %s) − the same in %s | %d / %d; %s: %d / %d | ", a, b, c->versus, o->n[0],
            o->n[1], c->versus, o->n[2], o->n[3]);
  else
    fprintf(out, " %s − %s | %d / %d | ", a, b, o->n[0], o->n[1]);
  if (o->have) {
    fprintf(out, "%+.2f | ", o->difference);
    if (o->welch.defined)
      fprintf(out, "[%+.2f, %+.2f] | ", o->welch.low, o->welch.high);
    else
      fputs("– | ", out);
    if (c->versus)
      fputs("– | ", out);
    else
      fprintf(out, "%+.1f%% | ", o->mean_b ? o->difference / o->mean_b * 100 : NAN);
  } else {
    fputs("– | – | – | ", out);
  }
  char *welch = p_text(o->welch.defined ? o->welch.p : NAN), *perm = p_text(permutation_p(o));
  fprintf(out, "%s | %s |", welch, perm);
  if (paper) {
    if (isnan(o->paper))
      fputs(" – | – | – |", out);
    else
      fprintf(out, " %+.2f | %s | %s |", o->paper, sign_agreement(o), paper_in_interval(o));
  }
  free(welch);
  free(perm);
  free(a);
  free(b);
}

/* The header and rule of a table of comparisons, with an optional first
 * and last column (NULL: none). */
static void write_comparison_header(FILE *out, const char *first, const char *last,
                                    const PaperTables *paper) {
  if (first) fprintf(out, "| %s ", first);
  fputs("| A − B | seeds A / B | Δ F1 (points) | 95% CI (Welch) | relative | Welch p | "
        "permutation p |",
        out);
  if (paper) fputs(" paper Δ | signs agree | paper Δ in CI |", out);
  if (last) fprintf(out, " %s |", last);
  if (first) fputs("\n| :--- ", out);
  else fputc('\n', out);
  fputs("| :--- | ---: | ---: | ---: | ---: | ---: | ---: |", out);
  if (paper) fputs(" ---: | :---: | :---: |", out);
  if (last) fputs(" :--- |", out);
  fputc('\n', out);
}

static int has_runs(const ComparisonInput *in, const Comparison *c, const char *language) {
  const char *languages[2] = {language, c->versus};
  for (int l = 0; l < (c->versus ? 2 : 1); l++)
    if (!in->scores(in->ctx, c->a.table, c->a.model, c->a.attention, languages[l]).n ||
        !in->scores(in->ctx, c->b.table, c->b.model, c->b.attention, languages[l]).n)
      return 0;
  return 1;
}

static void write_language(FILE *out, const ComparisonInput *in, const PaperTables *paper,
                           const char *language) {
  int n;
  const Comparison *list = all_comparisons(&n);
  int any = 0;
  for (int i = 0; i < n; i++) any |= has_runs(in, &list[i], language);
  if (!any) return;
  fprintf(out, "#### %s\n\n", language);
  write_comparison_header(out, NULL, NULL, paper);
  for (int i = 0; i < n; i++) {
    if (!has_runs(in, &list[i], language)) continue;
    Outcome o = compare(in, paper, &list[i], language);
    fputc('|', out);
    write_comparison_cells(out, &list[i], &o, paper);
    fputc('\n', out);
  }
  fputc('\n', out);
}

/* ---- the headline and the cells beside the paper's --------------------------------- */

/* The header and rule of a table with a column per language: "|first|"
 * then the languages; the rule's first column left-aligned, each
 * language's cell of the rule as align says (e.g. " ---: |"). No newline
 * at the end. */
static void write_language_columns(FILE *out, const ComparisonInput *in, const char *first,
                                   const char *align) {
  fprintf(out, "|%s|", first);
  for (int k = 0; k < in->n_languages; k++) fprintf(out, " %s |", in->languages[k]);
  fputs("\n| :--- |", out);
  for (int k = 0; k < in->n_languages; k++) fputs(align, out);
}

static void write_headline(FILE *out, const ComparisonInput *in, const PaperTables *paper) {
  const Comparison headline = {T1(ROW_JOINT_PRETRAINED, LEARNED), T1(ROW_NER, NONE), NULL};
  fputs("**The headline** (the paper's abstract: \"3.78%, 4.20%, 2.08% improvements\", absolute "
        "F1 points): Joint + Pre-trained with self-attention (learned) minus NER-only without "
        "attention.\n\n",
        out);
  write_language_columns(out, in, " ", " ---: |");
  const char *labels[] = {"ours: Δ F1 (points)", "ours: 95% CI (Welch)", "ours: Welch p / permutation p",
                          "ours: seeds (A / B)", "paper: Δ F1 (points)", "signs agree",
                          "paper's Δ in our 95% CI"};
  Outcome *outcomes = jn_malloc(sizeof *outcomes * (size_t)(in->n_languages + 1));
  for (int k = 0; k < in->n_languages; k++)
    outcomes[k] = compare(in, paper, &headline, in->languages[k]);
  for (int line = 0; line < (paper ? 7 : 4); line++) {
    fprintf(out, "\n| %s |", labels[line]);
    for (int k = 0; k < in->n_languages; k++) {
      const Outcome o = outcomes[k];
      char *p = p_text(o.welch.defined ? o.welch.p : NAN), *perm = p_text(permutation_p(&o));
      switch (line) {
        case 0: o.have ? fprintf(out, " %+.2f |", o.difference) : fputs(" – |", out); break;
        case 1:
          o.welch.defined ? fprintf(out, " [%+.2f, %+.2f] |", o.welch.low, o.welch.high)
                          : fputs(" – |", out);
          break;
        case 2: fprintf(out, " %s / %s |", p, perm); break;
        case 3: fprintf(out, " %d / %d |", o.n[0], o.n[1]); break;
        case 4: isnan(o.paper) ? fputs(" – |", out) : fprintf(out, " %+.2f |", o.paper); break;
        case 5: fprintf(out, " %s |", sign_agreement(&o)); break;
        default: fprintf(out, " %s |", paper_in_interval(&o)); break;
      }
      free(p);
      free(perm);
    }
  }
  free(outcomes);
  fputs("\n\n", out);
}

static void write_cells(FILE *out, const ComparisonInput *in, const PaperTables *paper) {
  fputs("**Each cell beside the paper's** (ours: mean test F1 over seeds, its 95% t-interval and "
        "the number of seeds; paper: the mean of its 10 seeds).\n\n| Table | Model | Attention |",
        out);
  for (int k = 0; k < in->n_languages; k++)
    fprintf(out, " %s ours | %s paper |", in->languages[k], in->languages[k]);
  fputs("\n| :--- | :--- | :--- |", out);
  for (int k = 0; k < in->n_languages; k++) fputs(" ---: | ---: |", out);
  fputc('\n', out);
  for (int r = 0; r < paper->n_rows; r++) {
    int any = 0;
    for (int k = 0; k < in->n_languages; k++)
      any |= in->scores(in->ctx, paper->tables[r], paper->models[r], paper->attentions[r],
                        in->languages[k]).n > 0;
    if (!any) continue;
    fprintf(out, "| %s | %s | %s |", strcmp(paper->tables[r], "table2") ? "1" : "2",
            paper->models[r], short_attention(paper->attentions[r]));
    for (int k = 0; k < in->n_languages; k++) {
      SeedScores s = in->scores(in->ctx, paper->tables[r], paper->models[r], paper->attentions[r],
                                in->languages[k]);
      SampleSummary m = stats_summarize(s.f1, s.n);
      if (s.n >= 2)
        fprintf(out, " %.2f [%.2f, %.2f] (%d) |", m.mean, m.mean - m.ci_half, m.mean + m.ci_half, s.n);
      else if (s.n == 1)
        fprintf(out, " %.2f (1) |", m.mean);
      else
        fputs(" – |", out);
      double v = paper_value(paper, paper->tables[r], paper->models[r], paper->attentions[r],
                             in->languages[k]);
      isnan(v) ? fputs(" – |", out) : fprintf(out, " %.2f |", v);
    }
    fputc('\n', out);
  }
  fputc('\n', out);
}

static const char *verdict_text(Verdict v) {
  static const char *const TEXT[] = {"–", "inconclusive", "held", "**not held**"};
  return TEXT[v];
}

/* Every claim's comparisons, language by language, each with its verdict:
 * the numbers a reading of the claim rests on. */
static void write_claim_details(FILE *out, const ComparisonInput *in, const PaperTables *paper) {
  fputs("**Each claim, comparison by comparison** (each difference judged as above, \"not "
        "held\" at 1 − 0.05/m for the claim's m comparisons; the 95% interval is shown; only "
        "the languages where the paper makes the claim).\n\n",
        out);
  int n;
  const Claim *list = claims(&n);
  for (int i = 0; i < n; i++) {
    const Claim *c = &list[i];
    int any = 0;
    for (int k = 0; k < in->n_languages; k++)
      for (int j = 0; j < c->n; j++)
        any |= expectation_in(c, in->languages[k]) != EXPECT_NONE &&
               has_runs(in, &c->comparisons[j], in->languages[k]);
    if (!any) continue;
    fprintf(out, "*%s*\n\n", c->text);
    write_comparison_header(out, "language", "verdict", paper);
    for (int k = 0; k < in->n_languages; k++) {
      Expectation e = expectation_in(c, in->languages[k]);
      for (int j = 0; j < c->n && e != EXPECT_NONE; j++) {
        if (!has_runs(in, &c->comparisons[j], in->languages[k])) continue;
        Outcome o = compare(in, paper, &c->comparisons[j], in->languages[k]);
        fprintf(out, "| %s |", in->languages[k]);
        write_comparison_cells(out, &c->comparisons[j], &o, paper);
        fprintf(out, " %s |\n", verdict_text(judge(e, &o.welch, c->n)));
      }
    }
    fputc('\n', out);
  }
}

static void write_claims(FILE *out, const ComparisonInput *in) {
  fputs("**The paper's claims** (../shared/paper/README.md), each judged on the Welch "
        "intervals of the m differences it rests on: *held* when every 95% interval lies on the "
        "claimed side, *not held* when one interval at 1 − 0.05/m (Bonferroni: 95%, 97.5%, "
        "98.3%, 99% for m = 1, 2, 3, 5) lies on the other side, *inconclusive* otherwise. Either "
        "way a claim is marked wrongly at most 5% of the time, whatever m (held: every "
        "comparison must pass; not held: the correction). \"Slight\" means under 1 F1 point; "
        "\"does not help\" is held when no gain reaches 1 point and not held when a gain is "
        "significant. A claim across languages is judged in the language it names, on its "
        "difference minus the same difference in each other language (Welch's t for the four "
        "cells; no permutation test).\n\n",
        out);
  write_language_columns(out, in, " Claim ", " :--- |");
  fputc('\n', out);
  int n;
  const Claim *list = claims(&n);
  for (int i = 0; i < n; i++) {
    const Claim *c = &list[i];
    fprintf(out, "| %s |", c->text);
    for (int k = 0; k < in->n_languages; k++) {
      char *v = claim_verdict(in, c, in->languages[k]);
      fprintf(out, " %s |", v);
      free(v);
    }
    fputc('\n', out);
  }
  fputc('\n', out);
}

/* ---- what the seeds can resolve ------------------------------------------------------ */

/* Adds a cell's squared deviations from its mean and its n - 1 (cells of
 * two seeds or more). */
static void add_cell_spread(const ComparisonInput *in, const CellName *c, const char *language,
                            double *squares, int *df) {
  SeedScores s = in->scores(in->ctx, c->table, c->model, c->attention, language);
  if (s.n < 2) return;
  double mean = stats_summarize(s.f1, s.n).mean;
  for (int i = 0; i < s.n; i++) *squares += (s.f1[i] - mean) * (s.f1[i] - mean);
  *df += s.n - 1;
}

/* The pooled standard deviation of a language's test F1 within a cell,
 * over Table 1's cells but the augmented rows (other training data; on th
 * and vi one run fills both) and Table 2's ablations (its full row is a
 * Table 1 cell); NAN without a cell of two seeds. *df: its degrees of
 * freedom. */
static double pooled_std(const ComparisonInput *in, const char *language, int *df) {
  double squares = 0;
  *df = 0;
  for (int r = 0; r < N_GRID_ROWS; r++) {
    if (r == ROW_NER_10K || r == ROW_NER_50K) continue;
    for (int a = 0; a < N_ATTENTION; a++) {
      if (!table1_has_line((GridRow)r, (AttentionKind)a)) continue;
      const CellName c = T1(r, attention_name((AttentionKind)a));
      add_cell_spread(in, &c, language, &squares, df);
    }
  }
  for (int r = TABLE2_NO_RESIDUAL; r < N_TABLE2_ROWS; r++) {
    const CellName c = T2(r);
    add_cell_spread(in, &c, language, &squares, df);
  }
  return *df ? sqrt(squares / *df) : NAN;
}

/* Per language, the pooled spread of seeds; the half-width of the 95%
 * interval it gives a difference of two cells with 10 and with 5 seeds a
 * side, t(0.975, 2n - 2) std sqrt(2 / n); and the difference that a test
 * at 95% finds 4 times in 5 (80% power) with as many seeds,
 * (t(0.975, 2n - 2) + t(0.80, 2n - 2)) std sqrt(2 / n). */
static void write_resolution(FILE *out, const ComparisonInput *in) {
  fputs("**What the seeds can resolve.** The pooled standard deviation of test F1 between the "
        "seeds of one cell (every Table 1 cell but the augmented rows, and Table 2's ablations; "
        "cells of two seeds or more), and the half-width of the 95% interval it gives the "
        "difference of two cells with 10 and with 5 seeds a side. A difference well inside it "
        "cannot be told from zero with those seeds; a true difference must be about as large as "
        "the last two lines for the test at 95% to find it 4 times in 5 (80% power).\n\n",
        out);
  write_language_columns(out, in, " ", " ---: |");
  const char *labels[] = {"pooled std (F1 points)", "its degrees of freedom",
                          "± 95%, 10 and 10 seeds", "± 95%, 5 and 5 seeds",
                          "found 4 times in 5, 10 and 10 seeds", "found 4 times in 5, 5 and 5 seeds"};
  double *stds = jn_malloc(sizeof *stds * (size_t)(in->n_languages + 1));
  int *dfs = jn_malloc(sizeof *dfs * (size_t)(in->n_languages + 1));
  for (int k = 0; k < in->n_languages; k++) stds[k] = pooled_std(in, in->languages[k], &dfs[k]);
  for (int line = 0; line < 6; line++) {
    fprintf(out, "\n| %s |", labels[line]);
    for (int k = 0; k < in->n_languages; k++) {
      double std = stds[k];
      int df = dfs[k], n = line % 2 ? 5 : 10;
      double t = stats_t_quantile_975(2 * n - 2) + (line >= 4 ? stats_t_quantile(0.80, 2 * n - 2) : 0);
      if (isnan(std))
        fputs(" – |", out);
      else if (line == 0)
        fprintf(out, " %.2f |", std);
      else if (line == 1)
        fprintf(out, " %d |", df);
      else
        fprintf(out, " %.2f |", t * std * sqrt(2.0 / n));
    }
  }
  free(stds);
  free(dfs);
  fputs("\n\n", out);
}

void comparisons_write_markdown(FILE *out, const ComparisonInput *in, const PaperTables *paper) {
  fputs("### The paper's comparisons\n\n", out);
  write_headline(out, in, paper);
  if (paper) write_cells(out, in, paper);
  write_claims(out, in);
  write_resolution(out, in);
  fputs("**Every comparison, by language.** Δ: mean of A minus mean of B (F1 points); "
        "relative: Δ / mean of B; Welch: unequal-variance t across seeds; permutation: two-sided, "
        "exact over every relabelling of the seeds up to a million of them",
        out);
  fputs(paper ? "; paper Δ in CI: whether the paper's difference lies in our 95% Welch interval "
                "(where it does not, our seeds are at odds with the size of its effect).\n\n"
              : ".\n\n",
        out);
  for (int k = 0; k < in->n_languages; k++) write_language(out, in, paper, in->languages[k]);
  write_claim_details(out, in, paper);
}

void comparisons_write_csv(FILE *out, const ComparisonInput *in, const PaperTables *paper) {
  fputs("language,a_table,a_model,a_attention,b_table,b_model,b_attention,n_a,n_b,mean_a,mean_b,"
        "difference,ci95_low,ci95_high,relative_percent,welch_t,welch_df,welch_p,permutation_p,"
        "paper_difference,paper_in_ci95\n",
        out);
  int n;
  const Comparison *list = all_comparisons(&n);
  for (int k = 0; k < in->n_languages; k++)
    for (int i = 0; i < n; i++) {
      const Comparison *c = &list[i];
      if (!has_runs(in, c, in->languages[k])) continue;
      Outcome o = compare(in, paper, c, in->languages[k]);
      fprintf(out, "%s,%s,\"%s\",%s,%s,\"%s\",%s,%d,%d,%.4f,%.4f,%.4f,", in->languages[k],
              c->a.table, c->a.model, c->a.attention, c->b.table, c->b.model, c->b.attention,
              o.n[0], o.n[1], o.mean_a, o.mean_b, o.difference);
      if (o.welch.defined)
        fprintf(out, "%.4f,%.4f,%.4f,%.4f,%.4f,%.6f,", o.welch.low, o.welch.high,
                o.difference / o.mean_b * 100, o.welch.t, o.welch.df, o.welch.p);
      else
        fprintf(out, ",,%.4f,,,,", o.difference / o.mean_b * 100);
      double perm = permutation_p(&o);
      if (!isnan(perm)) fprintf(out, "%.6f", perm);
      fputc(',', out);
      if (!isnan(o.paper)) fprintf(out, "%.2f", o.paper);
      fputc(',', out);
      if (paper_inside(&o) >= 0) fprintf(out, "%d", paper_inside(&o));
      fputc('\n', out);
    }
}
