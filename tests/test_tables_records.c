/* test_tables_records.c: `jointner tables` on hand-made run records.
 *
 * The fixture writer below writes records exactly as the run-record schema
 * says (root string attributes config_json, config_hash, status; /final with
 * double attributes test_f1, test_precision, test_recall, dev_f1), for two
 * languages (vi, th), n_seeds = 3, test F1 chosen so that every statistic
 * can be worked out by hand:
 *
 *   cell (table / model / attention / lang)     seeds' F1          mean    std (n-1)
 *   table1 NER-only / none / vi                80, 82, 84         82      2
 *   table1 NER-only / none / th                70, 71, 75         72      sqrt(14/2) = 2.6458
 *   table1 Joint / none / vi                   83.5, 84, 85       84.1667 sqrt(1.1667/2) = 0.7638
 *   table1 Joint / soft / vi                   84, 85, 86         85      1
 *   table1 Joint / soft / th                   73, 74 (+ seed 3   73.5    0.7071   (2/3 seeds)
 *                                              "running" at 99)
 *   table1 Joint + Pre-trained / learned / vi  86, 87, 88         87      1
 *   table1 Joint + Pre-trained / learned / th  74, 75, 76         75      1
 *   table2 w/o residual / learned / vi         84.5, 85, 85.5     85      0.5
 *   table2 w/o residual / learned / th         72, 72.5, 73       72.5    0.5
 *   table1 NER-only +10k / none / th           60, 61, 62         61      1
 *     (the same runs, by their "also", are table1 NER-only +50k / none / th,
 *     as the grid places one run in both rows when they name one file)
 *
 * 95% t-intervals, mean +/- t * std / sqrt(n) with t_{0.975,2} = 4.3026527298
 * and t_{0.975,1} = 12.7062047362:
 *   std 2:      4.3026527 * 2 / 1.7320508      = 4.9682754 -> [77.0317, 86.9683]
 *   std 2.6458: 4.3026527 * 2.6457513 / 1.7321 = 6.5724106 -> [65.4276, 78.5724]
 *   std 0.7638: 4.3026527 * 0.7637626 / 1.7321 = 1.8972915 -> [82.2694, 86.0640]
 *   std 1:      4.3026527 / 1.7320508          = 2.4841377 -> mean -/+ 2.4841
 *   std 0.5:    4.3026527 * 0.5 / 1.7320508    = 1.2420689 -> mean -/+ 1.2421
 *   n = 2:      12.7062047 * 0.7071068 / 1.4142136 = 6.3531024 -> [67.1469, 79.8531]
 * Best per column of Table 1: vi 87.00, th 75.00 (Joint + Pre-trained).
 * Relative improvement over NER-only/none (best - base) / base * 100:
 *   Joint vi (85 - 82) / 82 = 3.66% (soft)      th (73.5 - 72) / 72 = 2.08% (soft)
 *   Joint + Pre-trained vi (87 - 82) / 82 = 6.10%   th (75 - 72) / 72 = 4.17% (learned)
 * Besides: a duplicate of a cell and seed (F1 50, must be ignored), a file of
 * garbage bytes, a complete record without "grid", one whose attention is no
 * cell of the tables, and a file that is not *.h5. And pre-trainings (kind
 * "pretrain", three epochs of 11 + 12 + 13 = 36 s each), dev accuracy and
 * macro-F1:
 *   vi none       seeds 1, 2: 90, 92 and 80, 84  mean 91 +/- 1.41, 82 +/- 2.83
 *   vi learned    seed 1: 91 and 82
 *   th none       seed 1: 68 and 42.5
 *   time          vi 3 x 36 s = 0.03 h, th 36 s = 0.01 h
 * plus a running one (vi none seed 3) and a complete one without a dev
 * accuracy (vi soft), both left out. */
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "runner/run_record.h"
#include "runner/tables/stats.h"
#include "runner/tables/tables.h"

#define WORK_DIR "test_tables_work"
#define RESULTS_DIR WORK_DIR "/results"
#define RUNS_DIR RESULTS_DIR "/runs"

/* ---- the fixture writer ---------------------------------------------------- */

typedef struct {
  const char *file; /* in RUNS_DIR; sorted names decide which duplicate is used */
  const char *table, *row, *attention, *language;
  int seed;
  double test_f1;
  const char *status;
} FixtureRun;

/* A record as `jointner train` or `jointner pretrain` writes one, without
 * its final values: three epochs of 11, 12 and 13 s. */
static RunRecord new_record(const char *kind, const char *config_json, const char *status) {
  RunRecord r = {0};
  record_set_string(&r.kind, kind);
  record_set_string(&r.config_json, config_json);
  record_set_string(&r.config_hash, "0123456789abcdef");
  record_set_string(&r.status, status);
  record_set_string(&r.git_commit, "fixture");
  for (int e = 1; e <= 3; e++) record_add_epoch(&r, &(EpochLog){e, 1.0, 50, 1e-3, 10.0 + e, 100});
  r.state.epoch = 3, r.state.lr = 1e-3;
  return r;
}

static void save_record(const char *file, RunRecord *r) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", RUNS_DIR, file);
  record_save(path, r);
  record_free(r);
}

/* A training run's record (record_save): dev F1 = test F1 + 2. */
static void write_record(const char *file, const char *config_json, const char *status,
                         double test_f1) {
  RunRecord r = new_record("train", config_json, status);
  r.state.best = test_f1 + 2; /* as record_check wants */
  record_set_final(&r, "test_f1", test_f1);
  record_set_final(&r, "test_precision", test_f1 - 1);
  record_set_final(&r, "test_recall", test_f1 + 1);
  record_set_final(&r, "dev_f1", test_f1 + 2);
  save_record(file, &r);
}

/* A pre-training's record, placed as the grid places one; ACCURACY < 0:
 * none in /final. */
static void write_pretraining(const char *file, const char *language, const char *attention,
                              int seed, const char *status, double accuracy, double macro_f1) {
  char config[512];
  snprintf(config, sizeof config,
           "{\"model\": {\"type\": \"pretrain\"}, \"grid\": {\"table\": \"pretrain\", "
           "\"row\": \"pretrain\", \"language\": \"%s\", \"attention\": \"%s\", "
           "\"seed\": %d, \"n_seeds\": 1}}",
           language, attention, seed);
  RunRecord r = new_record("pretrain", config, status);
  r.state.best = accuracy;
  if (accuracy >= 0) record_set_final(&r, "dev_accuracy", accuracy);
  record_set_final(&r, "dev_macro_f1", macro_f1);
  save_record(file, &r);
}

static void write_fixture_run(const FixtureRun *run) {
  char config[512];
  snprintf(config, sizeof config,
           "{\"model\": {\"hidden\": 256}, \"grid\": {\"table\": \"%s\", \"row\": \"%s\", "
           "\"language\": \"%s\", \"attention\": \"%s\", \"seed\": %d, \"n_seeds\": 3}}",
           run->table, run->row, run->language, run->attention, run->seed);
  write_record(run->file, config, run->status, run->test_f1);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

#define JPT "Joint + Pre-trained"
#define LEARNED "self-learned"
static const FixtureRun FIXTURE_RUNS[] = {
    {"t1_ner_none_vi_1.h5", "table1", "NER-only", "none", "vi", 1, 80.0, "complete"},
    {"t1_ner_none_vi_2.h5", "table1", "NER-only", "none", "vi", 2, 82.0, "complete"},
    {"t1_ner_none_vi_3.h5", "table1", "NER-only", "none", "vi", 3, 84.0, "complete"},
    {"t1_ner_none_th_1.h5", "table1", "NER-only", "none", "th", 1, 70.0, "complete"},
    {"t1_ner_none_th_2.h5", "table1", "NER-only", "none", "th", 2, 71.0, "complete"},
    {"t1_ner_none_th_3.h5", "table1", "NER-only", "none", "th", 3, 75.0, "complete"},
    {"t1_joint_none_vi_1.h5", "table1", "Joint", "none", "vi", 1, 83.5, "complete"},
    {"t1_joint_none_vi_2.h5", "table1", "Joint", "none", "vi", 2, 84.0, "complete"},
    {"t1_joint_none_vi_3.h5", "table1", "Joint", "none", "vi", 3, 85.0, "complete"},
    {"t1_joint_soft_vi_1.h5", "table1", "Joint", "soft", "vi", 1, 84.0, "complete"},
    {"t1_joint_soft_vi_2.h5", "table1", "Joint", "soft", "vi", 2, 85.0, "complete"},
    {"t1_joint_soft_vi_3.h5", "table1", "Joint", "soft", "vi", 3, 86.0, "complete"},
    {"t1_joint_soft_th_1.h5", "table1", "Joint", "soft", "th", 1, 73.0, "complete"},
    {"t1_joint_soft_th_2.h5", "table1", "Joint", "soft", "th", 2, 74.0, "complete"},
    {"t1_joint_soft_th_3.h5", "table1", "Joint", "soft", "th", 3, 99.0, "running"},
    {"t1_jpt_learned_vi_1.h5", "table1", JPT, LEARNED, "vi", 1, 86.0, "complete"},
    {"t1_jpt_learned_vi_2.h5", "table1", JPT, LEARNED, "vi", 2, 87.0, "complete"},
    {"t1_jpt_learned_vi_3.h5", "table1", JPT, LEARNED, "vi", 3, 88.0, "complete"},
    {"t1_jpt_learned_th_1.h5", "table1", JPT, LEARNED, "th", 1, 74.0, "complete"},
    {"t1_jpt_learned_th_2.h5", "table1", JPT, LEARNED, "th", 2, 75.0, "complete"},
    {"t1_jpt_learned_th_3.h5", "table1", JPT, LEARNED, "th", 3, 76.0, "complete"},
    {"t2_residual_vi_1.h5", "table2", "w/o residual", LEARNED, "vi", 1, 84.5, "complete"},
    {"t2_residual_vi_2.h5", "table2", "w/o residual", LEARNED, "vi", 2, 85.0, "complete"},
    {"t2_residual_vi_3.h5", "table2", "w/o residual", LEARNED, "vi", 3, 85.5, "complete"},
    {"t2_residual_th_1.h5", "table2", "w/o residual", LEARNED, "th", 1, 72.0, "complete"},
    {"t2_residual_th_2.h5", "table2", "w/o residual", LEARNED, "th", 2, 72.5, "complete"},
    {"t2_residual_th_3.h5", "table2", "w/o residual", LEARNED, "th", 3, 73.0, "complete"},
    {"x_off_layout.h5", "table1", "Joint", "bogus", "vi", 1, 90.0, "complete"},
    {"z_duplicate.h5", "table1", "NER-only", "none", "vi", 1, 50.0, "complete"},
};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void write_fixtures(void) {
  nftw(WORK_DIR, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  CHECK(mkdir(WORK_DIR, 0777) == 0 && mkdir(RESULTS_DIR, 0777) == 0 && mkdir(RUNS_DIR, 0777) == 0);
  for (size_t i = 0; i < sizeof FIXTURE_RUNS / sizeof *FIXTURE_RUNS; i++)
    write_fixture_run(&FIXTURE_RUNS[i]);
  for (int seed = 1; seed <= 3; seed++) {
    char file[64], config[512];
    snprintf(file, sizeof file, "t1_aug10k_th_%d.h5", seed);
    snprintf(config, sizeof config,
             "{\"grid\": {\"table\": \"table1\", \"row\": \"NER-only +10k\", \"language\": \"th\", "
             "\"attention\": \"none\", \"seed\": %d, \"n_seeds\": 3, "
             "\"also\": [{\"table\": \"table1\", \"row\": \"NER-only +50k\"}]}}",
             seed);
    write_record(file, config, "complete", 59.0 + seed);
  }
  write_record("no_grid.h5", "{\"model\": {\"hidden\": 256}}", "complete", 81.0);
  write_pretraining("p_th_none_1.h5", "th", "none", 1, "complete", 68.0, 42.5);
  write_pretraining("p_vi_learned_1.h5", "vi", LEARNED, 1, "complete", 91.0, 82.0);
  write_pretraining("p_vi_none_1.h5", "vi", "none", 1, "complete", 90.0, 80.0);
  write_pretraining("p_vi_none_2.h5", "vi", "none", 2, "complete", 92.0, 84.0);
  write_pretraining("p_vi_none_3.h5", "vi", "none", 3, "running", 99.0, 99.0);
  write_pretraining("p_vi_soft_1.h5", "vi", "soft", 1, "complete", -1, 70.0);
  write_file(RUNS_DIR "/corrupt.h5", "\x89garbage, not HDF5 \x01\x02\x03\nmore garbage\n");
  write_file(RUNS_DIR "/notes.txt", "not a record\n");
}

/* ---- running the command with its output captured ------------------------ */

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  char *text = calloc((size_t)size + 1, 1);
  size_t got = fread(text, 1, (size_t)size, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

static void redirect(int fd, const char *path) {
  int file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  dup2(file, fd);
  close(file);
}

/* Runs `jointner tables ARGS...` in a child process (usage errors exit
 * through jn_die) with stdout and stderr in WORK_DIR/stdout.txt and
 * WORK_DIR/stderr.txt; returns its exit status. */
static int run_tables(int argc, char **argv) {
  fflush(stdout);
  fflush(stderr);
  pid_t child = fork();
  if (child == 0) {
    redirect(1, WORK_DIR "/stdout.txt");
    redirect(2, WORK_DIR "/stderr.txt");
    exit(cmd_tables(argc, argv));
  }
  int status = -1;
  CHECK(child > 0 && waitpid(child, &status, 0) == child);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool contains(const char *text, const char *part) { return text && strstr(text, part); }

#define CHECK_CONTAINS(text, part)                                                 \
  do {                                                                             \
    if (!contains(text, part)) {                                                   \
      fprintf(stderr, "%s:%d: missing \"%s\" in:\n%s\n", __FILE__, __LINE__, part, \
              (text) ? (text) : "(no file)");                                      \
      check_failures++;                                                            \
    }                                                                              \
  } while (0)

#define CHECK_TEXT(text, expected)                                            \
  do {                                                                        \
    if (!(text) || strcmp(text, expected)) {                                  \
      fprintf(stderr, "%s:%d: got:\n%s\nexpected:\n%s\n", __FILE__, __LINE__, \
              (text) ? (text) : "(no file)", expected);                       \
      check_failures++;                                                       \
    }                                                                         \
  } while (0)

/* ---- the checks ---------------------------------------------------------- */

static void test_statistics(void) {
  CHECK_CLOSE(stats_t_quantile_975(1), 12.7062047362, 1e-10);
  CHECK_CLOSE(stats_t_quantile_975(2), 4.3026527298, 1e-10);
  CHECK_CLOSE(stats_t_quantile_975(9), 2.2621571628, 1e-10);
  CHECK_CLOSE(stats_t_quantile_975(30), 2.0422724563, 1e-10);
  /* beyond the table: exact values (mpmath) vs the expansion */
  CHECK_CLOSE(stats_t_quantile_975(31), 2.0395134464, 3e-8);
  CHECK_CLOSE(stats_t_quantile_975(40), 2.0210753903, 1e-8);
  CHECK_CLOSE(stats_t_quantile_975(100), 1.9839715185, 1e-9);
  CHECK_CLOSE(stats_t_quantile_975(1000), 1.9623390808, 1e-10);

  const double f1[] = {80, 82, 84};
  SampleSummary s = stats_summarize(f1, 3);
  CHECK(s.n == 3);
  CHECK_CLOSE(s.mean, 82.0, 1e-12);
  CHECK_CLOSE(s.std, 2.0, 1e-12);
  CHECK_CLOSE(s.ci_half, 4.9682754236, 1e-9); /* 4.3026527298 * 2 / sqrt(3) */
  SampleSummary two = stats_summarize((const double[]){73, 74}, 2);
  CHECK_CLOSE(two.ci_half, 6.3531023681, 1e-9); /* 12.7062047362 * 0.7071068 / sqrt(2) */
  SampleSummary one = stats_summarize(f1, 1);
  CHECK(one.mean == 80 && isnan(one.std) && isnan(one.ci_half));

  /* t at any degrees of freedom: closed forms for df 1 and 2, the table,
   * and numerical integration of the density (60-digit-free, 1e-7) */
  CHECK_CLOSE(stats_t_cdf(1.0, 1), 0.75, 1e-12);                     /* 1/2 + atan(1)/pi */
  CHECK_CLOSE(stats_t_cdf(1.0, 2), 0.5 + 1 / (2 * sqrt(3.0)), 1e-12); /* 1/2 + t/(2 sqrt(2+t^2)) */
  CHECK_CLOSE(stats_t_cdf(-1.0, 2), 0.5 - 1 / (2 * sqrt(3.0)), 1e-12);
  CHECK_CLOSE(stats_t_quantile(0.975, 9), 2.2621571628, 1e-9);
  CHECK_CLOSE(stats_t_cdf(1.5, 7.5), 0.9127597147, 1e-7);
  CHECK_CLOSE(stats_t_quantile(0.975, 50.0 / 17), 3.2187586129, 1e-7);

  /* Welch: {1,2,3} - {4,5,6}: -3, se sqrt(2/3), df 4, t -3.6742346,
   * p 2 * 0.0106558206, interval -3 -/+ 2.7764451052 * 0.8164966 */
  WelchResult w = stats_welch((const double[]){1, 2, 3}, 3, (const double[]){4, 5, 6}, 3);
  CHECK(w.defined);
  CHECK_CLOSE(w.difference, -3, 1e-12);
  CHECK_CLOSE(w.df, 4, 1e-12);
  CHECK_CLOSE(w.t, -3.6742346142, 1e-9);
  CHECK_CLOSE(w.p, 0.0213116411, 1e-7);
  CHECK_CLOSE(w.low, -5.2669579, 1e-7);
  CHECK_CLOSE(w.high, -0.7330421, 1e-7);
  CHECK(!stats_welch((const double[]){1}, 1, (const double[]){4, 5}, 2).defined);

  /* permutation: of the 20 splits of {1..6} only the observed one and its
   * mirror reach |difference| 3; equal samples give 1; a Monte Carlo case */
  CHECK_CLOSE(stats_permutation_p((const double[]){1, 2, 3}, 3, (const double[]){4, 5, 6}, 3),
              0.1, 1e-12);
  CHECK_CLOSE(stats_permutation_p((const double[]){1, 2}, 2, (const double[]){1, 2}, 2), 1, 1e-12);
  double low[15], high[15];
  for (int i = 0; i < 15; i++) low[i] = i, high[i] = 100 + i; /* C(30,15) > the exact limit */
  double mc = stats_permutation_p(low, 15, high, 15);
  CHECK(mc > 0 && mc < 1e-4);

  const double sorted[] = {1, 2, 3, 4};
  CHECK_CLOSE(stats_quantile_sorted(sorted, 4, 0.25), 1.75, 1e-12);
  CHECK_CLOSE(stats_quantile_sorted(sorted, 4, 0.5), 2.5, 1e-12);
  CHECK_CLOSE(stats_quantile_sorted(sorted, 4, 1.0), 4.0, 1e-12);
}

static const char EXPECTED_TABLE1_CSV[] =
    "table,model,attention,language,n,n_seeds,mean_f1,std_f1,ci95_low,ci95_high\n"
    "table1,NER-only,none,vi,3,3,82.0000,2.0000,77.0317,86.9683\n"
    "table1,NER-only,none,th,3,3,72.0000,2.6458,65.4276,78.5724\n"
    "table1,NER-only +10k,none,th,3,3,61.0000,1.0000,58.5159,63.4841\n"
    "table1,NER-only +50k,none,th,3,3,61.0000,1.0000,58.5159,63.4841\n"
    "table1,Joint,none,vi,3,3,84.1667,0.7638,82.2694,86.0640\n"
    "table1,Joint,soft,vi,3,3,85.0000,1.0000,82.5159,87.4841\n"
    "table1,Joint,soft,th,2,3,73.5000,0.7071,67.1469,79.8531\n"
    "table1,Joint + Pre-trained,self-learned,vi,3,3,87.0000,1.0000,84.5159,89.4841\n"
    "table1,Joint + Pre-trained,self-learned,th,3,3,75.0000,1.0000,72.5159,77.4841\n";

static const char EXPECTED_TABLE2_CSV[] =
    "table,model,attention,language,n,n_seeds,mean_f1,std_f1,ci95_low,ci95_high\n"
    "table2,w/o residual,self-learned,vi,3,3,85.0000,0.5000,83.7579,86.2421\n"
    "table2,w/o residual,self-learned,th,3,3,72.5000,0.5000,71.2579,73.7421\n";

static void check_markdown_table1(const char *md) {
  CHECK_CONTAINS(md, "### Table 1: ");
  CHECK_CONTAINS(md, "| Model "); /* columns: vi before th although th < vi */
  CHECK(contains(md, " vi ") && contains(md, " th ") && strstr(md, " vi ") < strstr(md, " th "));
  CHECK_CONTAINS(md,
                 "| NER-only            | none                     |     82.00 |       72.00 |");
  CHECK_CONTAINS(md,
                 "|                     | soft                     |     85.00 | 73.50 (2/3) |");
  CHECK_CONTAINS(md, "| **87.00** |   **75.00** |"); /* best per column */
  CHECK(!contains(md, "**85.00**") && !contains(md, "**82.00**"));
  CHECK_CONTAINS(md,
                 "| NER-only +10k       | none                     |         – |       61.00 |");
  CHECK_CONTAINS(md,
                 "| NER-only +50k       | none                     |         – |       61.00 |");
  /* only the lines that have runs: no NER-only / soft, no Joint + Pre-trained / none */
  CHECK(!contains(md, "self-attention (scaled)") && !contains(md, "un-scaled"));
  CHECK_CONTAINS(md, "| Joint + Pre-trained | self-attention (learned) | **87.00** |");
  CHECK_CONTAINS(md, "(n/N): only n of the N planned seeds are complete");
  CHECK_CONTAINS(md, "–: no complete run.");
  /* the headline in F1 points: 87 - 82, 75 - 72 (relative 6.1%, 4.2%) */
  CHECK_CONTAINS(md, "| Joint + Pre-trained, learned − NER-only, none (F1 points) |");
  CHECK_CONTAINS(md, "| +5.00 (+6.1%) | +3.00 (+4.2%) |");
}

/* comparisons.md and .csv with the paper's stand-in cells (vi 80 -> 79,
 * th 70 -> 75.5, and vi Joint / soft 95). vi headline: {86,87,88} - {80,82,84} = +5, se
 * sqrt(1/3 + 4/3), df 50/17, interval 5 -/+ 3.2187586 * 1.2909944 =
 * [+0.84, +9.16], t 3.873, p 2 * (1 - 0.98421888) = 0.032, permutation
 * 2 of 20 = 0.100; paper -1.00: signs disagree, and it lies outside our
 * interval. th: {74,75,76} - {70,71,75} = +3, se sqrt(1/3 + 7/3), df 2.56,
 * t 3.5154: [-2.74, +8.74] spans 0; paper +5.50: signs agree, inside. */
static void check_comparisons(void) {
  char *md = slurp(WORK_DIR "/out/comparisons.md"), *csv = slurp(WORK_DIR "/out/comparisons.csv");
  CHECK_CONTAINS(md, "| ours: Δ F1 (points) | +5.00 | +3.00 |");
  CHECK_CONTAINS(md, "| ours: 95% CI (Welch) | [+0.84, +9.16] |");
  CHECK_CONTAINS(md, "| ours: Welch p / permutation p | 0.032 / 0.100 |");
  CHECK_CONTAINS(md, "| paper: Δ F1 (points) | -1.00 | +5.50 |");
  CHECK_CONTAINS(md, "| signs agree | **no** | yes |");
  CHECK_CONTAINS(md, "(the headline: +3.78 / +4.20 / +2.08 points) | held | inconclusive |");
  CHECK_CONTAINS(md, "| 1 | NER-only | none | 82.00 [77.03, 86.97] (3) | 80.00 | 72.00 [65.43, 78.57] (3) | 70.00 |");
  /* the paper's -1.00 lies outside vi's [+0.84, +9.16]; th's +5.50 inside [-2.74, +8.74] */
  CHECK_CONTAINS(md, "| paper's Δ in our 95% CI | **no** | yes |");
  CHECK_CONTAINS(md, "| Joint + Pre-trained, learned − NER-only, none | 3 / 3 | +5.00 | [+0.84, +9.16] | +6.1% | 0.032 | 0.100 | -1.00 | **no** | **no** |");
  CHECK_CONTAINS(md, "| Joint + Pre-trained, learned − NER-only, none | 3 / 3 | +3.00 | [-2.74, +8.74] | +4.2% | 0.179 | 0.300 | +5.50 | yes | yes |");
  CHECK_CONTAINS(csv, "vi,table1,\"Joint + Pre-trained\",self-learned,table1,\"NER-only\",none,3,3,87.0000,82.0000,5.0000,0.8446,9.1554,6.0976,3.8730,2.9412,0.031562,0.100000,-1.00,0\n");
  /* each claim's comparisons with their verdicts, only where the claim has
   * runs: soft - none within Joint, vi: {84,85,86} - {83.5,84,85} = +0.83,
   * df 3.74, t 2.8548: [-1.24, +2.91], neither below nor above 1 point */
  CHECK_CONTAINS(md, "*Soft attention gives slight or no improvement (each row)*\n\n| language | A − B |");
  CHECK_CONTAINS(md, "| vi | Joint, soft − Joint, none | 3 / 3 | +0.83 | [-1.24, +2.91] | +1.0% | 0.319 | 0.500 | – | – | – | inconclusive |\n");
  CHECK_CONTAINS(md, "| vi | Joint + Pre-trained, learned − NER-only, none | 3 / 3 | +5.00 | [+0.84, +9.16] | +6.1% | 0.032 | 0.100 | -1.00 | **no** | **no** | held |\n");
  CHECK(!contains(md, "*Removing the residual connection")); /* its full row has no run */
  /* the paper's Joint / soft (95 - 80 = +15) lies above vi's [-1.16, +7.16] */
  CHECK_CONTAINS(md, "| Joint, soft − NER-only, none | 3 / 3 | +3.00 | [-1.16, +7.16] | +3.7% | 0.104 | 0.200 | +15.00 | yes | **no** |");
  CHECK_CONTAINS(csv, "vi,table1,\"Joint\",none,table1,\"NER-only\",none,3,3,84.1667,82.0000,2.1667,-2.1654,6.4988,2.6423,1.7529,2.5712,0.192968,0.300000,,\n");
  free(md);
  free(csv);
}

static void check_outputs(void) {
  char *csv1 = slurp(WORK_DIR "/out/table1.csv"), *csv2 = slurp(WORK_DIR "/out/table2.csv");
  CHECK_TEXT(csv1, EXPECTED_TABLE1_CSV);
  CHECK_TEXT(csv2, EXPECTED_TABLE2_CSV);

  char *md1 = slurp(WORK_DIR "/out/table1.md"), *md2 = slurp(WORK_DIR "/out/table2.md");
  check_markdown_table1(md1);
  CHECK_CONTAINS(md2, "### Table 2: ");
  CHECK_CONTAINS(md2, "| w/o residual | self-attention (learned) | **85.00** | **72.50** |");
  CHECK(!contains(md2, "| Joint + Pre-trained |")); /* its full row has no run here */

  char *tex1 = slurp(WORK_DIR "/out/table1.tex");
  CHECK_CONTAINS(tex1, "\\begin{tabular}{llrr}");
  CHECK_CONTAINS(tex1, "Joint + Pre-trained & self-attention (learned) & \\textbf{87.00} & \\textbf{75.00} \\\\");
  CHECK_CONTAINS(tex1, " & soft & 85.00 & 73.50 (2/3) \\\\");
  CHECK_CONTAINS(tex1, "& +5.00 (+6.1\\%) & +3.00 (+4.2\\%) \\\\");
  CHECK_CONTAINS(tex1, "\\caption{Test F1 (\\%)");

  char *svg = slurp(WORK_DIR "/out/f1_by_config.svg");
  CHECK(svg && !strncmp(svg, "<svg ", 5) && contains(svg, "</svg>\n"));
  CHECK_CONTAINS(svg, ">vi</text>");
  CHECK_CONTAINS(svg, ">Joint + Pre-trained, self-attention (learned)</text>");
  CHECK_CONTAINS(svg, ">Table 2: w/o residual, self-attention (learned)</text>");
  CHECK_CONTAINS(svg, ">test F1 (%)</text>");

  /* the Markdown tables, the pre-trainings and the comparisons also go to stdout */
  char *out = slurp(WORK_DIR "/stdout.txt"), *cmp = slurp(WORK_DIR "/out/comparisons.md");
  char *pre = slurp(WORK_DIR "/out/pretraining.md");
  char *expect = md1 && md2 && pre && cmp
                     ? malloc(strlen(md1) + strlen(md2) + strlen(pre) + strlen(cmp) + 4)
                     : NULL;
  if (expect) sprintf(expect, "%s\n%s\n%s\n%s", md1, md2, pre, cmp);
  CHECK_TEXT(out, expect ? expect : "");
  free(csv1), free(csv2), free(md1), free(md2), free(tex1), free(svg), free(out), free(cmp);
  free(pre);
  free(expect);
}

static void check_diagnostics(void) {
  char *err = slurp(WORK_DIR "/stderr.txt");
  CHECK_CONTAINS(err, "warning: " RUNS_DIR "/corrupt.h5: not a readable HDF5 file; skipped");
  CHECK_CONTAINS(err, "warning: z_duplicate.h5: duplicate of t1_ner_none_vi_1.h5 "
                      "(table1 / NER-only / none / vi / seed 1)");
  CHECK_CONTAINS(err, "note: " RUNS_DIR "/no_grid.h5: config has no \"grid\"");
  CHECK_CONTAINS(err, "warning: x_off_layout.h5: grid table1 / Joint / bogus is not a cell");
  CHECK_CONTAINS(err, "warning: " RUNS_DIR "/p_vi_soft_1.h5: a complete pre-training whose "
                      "/final has no numeric dev_accuracy and dev_macro_f1; skipped");
  CHECK_CONTAINS(
      err,
      "40 record file(s): 32 table cell entries (a run in two tables counts twice), "
      "4 pre-training(s), 2 partial (status not complete), 1 without grid, "
      "2 unreadable or malformed, 1 off the layout, 1 duplicate(s)");
  CHECK(!contains(err, "HDF5-DIAG")); /* the library's own error stack stays quiet */
  free(err);
}

/* `tables --from RUNS_FILE` exits with 2 and says MESSAGE. */
static void check_refused(char *runs_file, const char *message) {
  char *args[] = {"tables", "--from", runs_file, "--out", WORK_DIR "/out_refused"};
  CHECK(run_tables(5, args) == 2);
  char *err = slurp(WORK_DIR "/stderr.txt");
  CHECK_CONTAINS(err, message);
  free(err);
}

/* pretrainings.tsv holds the four complete pre-trainings in record order;
 * pretraining.md their means over seeds. */
static void check_pretrainings(void) {
  char *tsv = slurp(WORK_DIR "/out/pretrainings.tsv"), *md = slurp(WORK_DIR "/out/pretraining.md");
  CHECK_TEXT(tsv, "record\tconfig_hash\tlanguage\tattention\tseed\tepochs\tdev_accuracy\t"
                  "dev_macro_f1\twall_seconds\tcommit\n"
                  "p_th_none_1.h5\t0123456789abcdef\tth\tnone\t1\t3\t68\t42.5\t36\tfixture\n"
                  "p_vi_learned_1.h5\t0123456789abcdef\tvi\tself-learned\t1\t3\t91\t82\t36\tfixture\n"
                  "p_vi_none_1.h5\t0123456789abcdef\tvi\tnone\t1\t3\t90\t80\t36\tfixture\n"
                  "p_vi_none_2.h5\t0123456789abcdef\tvi\tnone\t2\t3\t92\t84\t36\tfixture\n");
  CHECK_CONTAINS(md, "### Pre-training: the sentence classifiers' dev accuracy and macro-F1 (%)\n");
  CHECK_CONTAINS(md, "| Attention                |  vi accuracy |  vi macro-F1 | vi n | th accuracy | "
                     "th macro-F1 | th n |\n");
  CHECK_CONTAINS(md, "| none                     | 91.00 ± 1.41 | 82.00 ± 2.83 |    2 |       68.00 | "
                     "      42.50 |    1 |\n");
  CHECK_CONTAINS(md, "| self-attention (learned) |        91.00 |        82.00 |    1 |           – | "
                     "          – |    0 |\n");
  CHECK(!contains(md, "| soft")); /* its one pre-training has no accuracy */
  CHECK_CONTAINS(md, "summed: vi 0.03 h (3 pre-trainings), th 0.01 h (1 pre-training).\n");
  /* --with: pre-trainings without a record here come from the file beside
   * the runs file */
  CHECK(mkdir(WORK_DIR "/bare", 0777) == 0 && mkdir(WORK_DIR "/bare/runs", 0777) == 0);
  char *with[] = {"tables", WORK_DIR "/bare", "--with", WORK_DIR "/out/runs.tsv"};
  CHECK(run_tables(4, with) == 0);
  char *md_with = slurp(WORK_DIR "/bare/pretraining.md");
  CHECK_TEXT(md_with, md ? md : "");
  /* a damaged pre-trainings file is refused with its line */
  CHECK(mkdir(WORK_DIR "/badpre", 0777) == 0);
  char *runs = slurp(WORK_DIR "/out/runs.tsv");
  write_file(WORK_DIR "/badpre/runs.tsv", runs ? runs : "");
  write_file(WORK_DIR "/badpre/pretrainings.tsv",
             "record\tconfig_hash\tlanguage\tattention\tseed\tepochs\tdev_accuracy\t"
             "dev_macro_f1\twall_seconds\tcommit\n"
             "p.h5\t0123456789abcdef\tvi\tnone\t1\t3\t101\t80\t36\tfixture\n");
  check_refused(WORK_DIR "/badpre/runs.tsv",
                WORK_DIR "/badpre/pretrainings.tsv:2: an accuracy or macro-F1 outside [0, 100]");
  free(runs);
  free(md_with);
  free(tsv);
  free(md);
}

static const char PAPER_CSV[] =
    "table,model,attention,vi,th\n"
    "table1,NER-only,none,80.00,70.00\n"
    "table1,Joint,soft,95.00,\n"
    "table1,Joint + Pre-trained,self-learned,79.00,75.50\n";

static void test_tables_command(void) {
  write_fixtures();
  write_file(WORK_DIR "/paper.csv", PAPER_CSV);
  char *args[] = {"tables", RESULTS_DIR, "--out", WORK_DIR "/out", "--paper", WORK_DIR "/paper.csv"};
  CHECK(run_tables(6, args) == 0);
  check_outputs();
  check_comparisons();
  check_diagnostics();
  check_pretrainings(); /* runs the command again: after the diagnostics of the first */
}

/* runs.tsv holds every complete, gridded run once (a run in two cells once,
 * with "also"), and --from rebuilds every output byte for byte. */
static void test_runs_file(void) {
  char *runs = slurp(WORK_DIR "/out/runs.tsv");
  CHECK(runs && !strncmp(runs, "record\tconfig_hash\tlanguage\ttable\trow\tattention\tseed\t"
                              "n_seeds\talso\tepochs\tdev_f1\ttest_f1\twall_seconds\tcommit\n", 106));
  CHECK_CONTAINS(runs, "\nt1_ner_none_vi_1.h5\t0123456789abcdef\tvi\ttable1\tNER-only\tnone\t1\t3\t-"
                       "\t3\t82\t80\t36\tfixture\n");
  CHECK_CONTAINS(runs, "\nt1_aug10k_th_2.h5\t0123456789abcdef\tth\ttable1\tNER-only +10k\tnone\t2\t3"
                       "\ttable1|NER-only +50k\t3\t63\t61\t36\tfixture\n");
  int lines = 0;
  for (const char *c = runs; c && *c; c++) lines += *c == '\n';
  CHECK(lines == 1 + 31); /* 29 fixture runs, less the running one, + 3 augmented */
  char *args[] = {"tables", "--from", WORK_DIR "/out/runs.tsv", "--out", WORK_DIR "/out_from",
                  "--paper", WORK_DIR "/paper.csv"};
  CHECK(run_tables(7, args) == 0);
  const char *files[] = {"table1.md", "table1.tex", "table1.csv", "table2.md", "table2.tex",
                         "table2.csv", "f1_by_config.svg", "comparisons.md", "comparisons.csv",
                         "pretraining.md"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char a[256], b[256];
    snprintf(a, sizeof a, WORK_DIR "/out/%s", files[i]);
    snprintf(b, sizeof b, WORK_DIR "/out_from/%s", files[i]);
    char *from_records = slurp(a), *from_file = slurp(b);
    if (!from_records || !from_file || strcmp(from_records, from_file))
      fprintf(stderr, "%s: tables from runs.tsv differ from those of the records\n", files[i]);
    CHECK(from_records && from_file && !strcmp(from_records, from_file));
    free(from_records);
    free(from_file);
  }
  /* a damaged runs file is refused with its line */
  char *cut = runs ? strdup(runs) : NULL;
  if (cut) {
    char *second = strchr(strchr(cut, '\n') + 1, '\t');
    strcpy(second, "\n"); /* the first run's line loses all but its first field */
    write_file(WORK_DIR "/cut.tsv", cut);
  }
  check_refused(WORK_DIR "/cut.tsv", WORK_DIR "/cut.tsv:2: expected 14 tab-separated fields");
  free(cut);
  free(runs);
}

static void test_stats_option_and_formats(void) {
  char *args[] = {"tables",   RESULTS_DIR, "--out",  WORK_DIR "/out_stats",
                  "--format", "md",        "--stats"};
  CHECK(run_tables(7, args) == 0);
  char *md1 = slurp(WORK_DIR "/out_stats/table1.md");
  CHECK_CONTAINS(md1, "|     vi F1 | vi n | vi std |      vi 95% CI |       th F1 |");
  CHECK_CONTAINS(md1,
                 "|     82.00 |    3 |   2.00 | [77.03, 86.97] |       72.00 |    3 |   2.65 | "
                 "[65.43, 78.57] |");
  CHECK_CONTAINS(md1, "| 73.50 (2/3) |    2 |   0.71 | [67.15, 79.85] |");
  CHECK_CONTAINS(md1, "95% CI: mean +/- t(0.975, n-1) std/sqrt(n)");
  char *tex1 = slurp(WORK_DIR "/out_stats/table1.tex"),
       *csv1 = slurp(WORK_DIR "/out_stats/table1.csv");
  CHECK(tex1 == NULL && csv1 == NULL); /* --format md writes only Markdown */
  free(md1);
}

/* Usage errors exit with status 2 and say what is wrong; an empty results
 * directory gives tables without language columns. */
static void test_command_line(void) {
  CHECK(mkdir(WORK_DIR "/empty", 0777) == 0 && mkdir(WORK_DIR "/empty/runs", 0777) == 0);
  const struct {
    int argc;
    char *argv[6];
    int status;
    const char *output, *message;
  } CASES[] = {
      {2, {"tables", "--help"}, 0, "stdout", "usage: jointner tables RESULTS_DIR"},
      {1, {"tables"}, 2, "stderr", "give either RESULTS_DIR or --from RUNS.tsv"},
      {3, {"tables", "--from", WORK_DIR "/paper.csv"}, 2, "stderr", "--from needs --out DIR"},
      {2, {"tables", WORK_DIR "/missing"}, 2, "stderr", "cannot open " WORK_DIR "/missing/runs"},
      {4, {"tables", WORK_DIR "/empty", "--format", "md,pdf"}, 2, "stderr", "unknown format 'pdf'"},
      {3, {"tables", WORK_DIR "/empty", "--bogus"}, 2, "stderr", "unknown option '--bogus'"},
      {3, {"tables", WORK_DIR "/empty", "--out"}, 2, "stderr", "--out needs a value"},
      {4,
       {"tables", WORK_DIR "/empty", "--out", WORK_DIR "/empty/out/nested"},
       0,
       "stderr",
       "0 record file(s): 0 table cell entries"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
    CHECK(run_tables(CASES[i].argc, (char **)CASES[i].argv) == CASES[i].status);
    char path[256];
    snprintf(path, sizeof path, WORK_DIR "/%s.txt", CASES[i].output);
    char *output = slurp(path);
    CHECK_CONTAINS(output, CASES[i].message);
    free(output);
  }
  char *md1 = slurp(WORK_DIR "/empty/out/nested/table1.md"); /* no runs: no lines, no table */
  CHECK(md1 == NULL);
  char *svg = slurp(WORK_DIR "/empty/out/nested/f1_by_config.svg");
  CHECK_CONTAINS(svg, "</svg>");
  char *runs = slurp(WORK_DIR "/empty/out/nested/runs.tsv");
  CHECK_TEXT(runs, "record\tconfig_hash\tlanguage\ttable\trow\tattention\tseed\tn_seeds\talso\t"
                   "epochs\tdev_f1\ttest_f1\twall_seconds\tcommit\n");
  free(runs);
  free(md1);
  free(svg);
}

int main(void) {
  test_statistics();
  test_tables_command();
  test_runs_file();
  test_stats_option_and_formats();
  test_command_line();
  return check_exit("test_tables_records");
}
