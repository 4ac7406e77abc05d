/* test_grid_plan.c: a grid config expanded into jobs (grid_plan_build).
 *
 * Grid: two languages (id, vi) of tiny stand-in files (the plan only hashes
 * them), rows NER-only, NER-only +10k, NER-only +50k, Joint, Joint +
 * Pre-trained, attention none and self-learned, 3 seeds but 4 for NER-only
 * self-learned, Table 2 on. Expected jobs per language:
 *   pre-trainings            2 x 3 =  6  (none, self-learned; one per seed)
 *   NER-only             3 + 4     =  7
 *   NER-only +10k (none)     1 x 3 =  3
 *   NER-only +50k (none)     1 x 3 =  3 for vi; for id, whose augment_50k
 *                                       is its augment_10k file, the +10k
 *                                       runs (same identity) with "also"
 *   Joint                    2 x 3 =  6
 *   Joint + Pre-trained      2 x 3 =  6
 *   Table 2: full row = JP/self-learned (same runs), 2 ablations x 3 = 6
 * = 34 for id and 37 for vi, 71 in all. vi ("label_classifier":
 * "pretraining") has the sentences of every Joint, Joint + Pre-trained and
 * Table 2 run of seed s labelled by the attention-none pre-training of seed
 * s, whatever the run's attention. Checks: the counts; each dependency
 * planned before its dependents; each job's id is config_hash(
 * config_canonical(config_load(its config), 1)) with the checksum of a
 * pre-training record it uses replaced by "run:<the pre-training's id>";
 * the dependencies (seed, attention, labeller); the shared job's "also";
 * the ablations' model settings; the same grid planned again gives the
 * same plan. */
#include <cJSON.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "runner/config.h"
#include "runner/grid/grid_plan.h"

#define WORK_DIR "test_grid_plan_work"

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(1);
  }
  fputs(text, f);
  fclose(f);
}

static char *read_text(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  s[fread(s, 1, (size_t)n, f)] = '\0';
  fclose(f);
  return s;
}

static void write_data(const char *lang) {
  static const char *const files[] = {"train.conll", "dev.conll", "test.conll", "vectors.vec",
                                      "pretrain_train.tsv", "pretrain_dev.tsv", "aug10k.conll",
                                      "aug50k.conll"};
  char dir[256], path[512], text[256];
  snprintf(dir, sizeof dir, WORK_DIR "/%s", lang);
  mkdir(dir, 0777);
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    snprintf(text, sizeof text, "%s %s\n", lang, files[i]); /* distinct checksums */
    write_text(path, text);
  }
}

static const char GRID[] =
    "{\"results\": \"results\",\n"
    " \"languages\": {\n"
    "  \"id\": {\"train\": \"id/train.conll\", \"dev\": \"id/dev.conll\", \"test\": \"id/test.conll\",\n"
    "          \"vectors\": \"id/vectors.vec\", \"pretrain_train\": \"id/pretrain_train.tsv\",\n"
    "          \"pretrain_dev\": \"id/pretrain_dev.tsv\", \"augment_10k\": \"id/aug10k.conll\",\n"
    "          \"augment_50k\": \"id/aug10k.conll\"},\n"
    "  \"vi\": {\"train\": \"vi/train.conll\", \"dev\": \"vi/dev.conll\", \"test\": \"vi/test.conll\",\n"
    "          \"vectors\": \"vi/vectors.vec\", \"pretrain_train\": \"vi/pretrain_train.tsv\",\n"
    "          \"pretrain_dev\": \"vi/pretrain_dev.tsv\", \"augment_10k\": \"vi/aug10k.conll\",\n"
    "          \"augment_50k\": \"vi/aug50k.conll\",\n"
    "          \"separator\": \"whitespace\", \"label_classifier\": \"pretraining\"}},\n"
    " \"rows\": [\"Joint + Pre-trained\", \"NER-only\", \"NER-only +10k\", \"NER-only +50k\", \"Joint\"],\n"
    " \"attention\": [\"self-learned\", \"none\"],\n"
    " \"seeds\": {\"default\": 3, \"NER-only\": {\"self-learned\": 4}}, \"table2\": true,\n"
    " \"model\": {\"hidden\": 8, \"heads\": 2}, \"train\": {\"max_epochs\": 3},\n"
    " \"pretrain\": {\"batch_size\": 16}}\n";

static cJSON *load_json(const char *path) {
  char *text = read_text(path);
  cJSON *json = text ? cJSON_Parse(text) : NULL;
  free(text);
  return json;
}

static int job_of_record(const Plan *plan, const char *record) {
  for (int j = 0; j < plan->n_jobs; j++)
    if (!strcmp(plan->jobs[j].record_path, record)) return j;
  return -1;
}

/* The identity the job's config file gives (see grid_plan.c). */
static void expected_id(const Plan *plan, const Job *job, char id[17]) {
  Config cfg;
  config_load(&cfg, job->config_path);
  char *canonical = config_canonical(&cfg, 1);
  cJSON *root = cJSON_Parse(canonical);
  cJSON *sums = cJSON_GetObjectItemCaseSensitive(root, "checksums");
  const char *records[2] = {cfg.pretrained, cfg.label_classifier};
  const char *keys[2] = {"pretrained", "label_classifier"};
  for (int i = 0; i < 2; i++) {
    if (!records[i]) continue;
    int j = job_of_record(plan, records[i]);
    CHECK(j >= 0 && cJSON_GetObjectItem(sums, keys[i]) != NULL);
    if (j < 0) continue;
    char name[32];
    snprintf(name, sizeof name, "run:%s", plan->jobs[j].id);
    cJSON_ReplaceItemInObjectCaseSensitive(sums, keys[i], cJSON_CreateString(name));
  }
  free(canonical);
  canonical = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  config_hash(canonical, id);
  free(canonical);
  config_free(&cfg);
}

static int count_where(const Plan *plan, const char *language, const char *table, const char *row) {
  int n = 0;
  for (int j = 0; j < plan->n_jobs; j++)
    n += !strcmp(plan->jobs[j].language, language) && !strcmp(plan->jobs[j].table, table) &&
         (!row || !strcmp(plan->jobs[j].row, row));
  return n;
}

static void check_jobs(const Plan *plan) {
  CHECK(plan->n_jobs == 71);
  const char *languages[] = {"id", "vi"};
  for (int k = 0; k < 2; k++) {
    CHECK(count_where(plan, languages[k], "pretrain", NULL) == 6);
    CHECK(count_where(plan, languages[k], "table1", "NER-only") == 7);
    CHECK(count_where(plan, languages[k], "table1", "NER-only +10k") == 3);
    CHECK(count_where(plan, languages[k], "table1", "NER-only +50k") == (k == 0 ? 0 : 3));
    CHECK(count_where(plan, languages[k], "table1", "Joint") == 6);
    CHECK(count_where(plan, languages[k], "table1", "Joint + Pre-trained") == 6);
    CHECK(count_where(plan, languages[k], "table2", "Joint + Pre-trained") == 0);
    CHECK(count_where(plan, languages[k], "table2", "w/o residual") == 3);
    CHECK(count_where(plan, languages[k], "table2", "w/o locked dropout") == 3);
  }
  for (int j = 0; j < plan->n_jobs; j++) {
    const Job *job = &plan->jobs[j];
    char id[17];
    /* stand-in pre-training records, so that the config loads */
    for (int d = 0; d < job->n_deps; d++)
      write_text(plan->jobs[job->deps[d]].record_path, "stand-in record\n");
    expected_id(plan, job, id);
    if (strcmp(id, job->id)) fprintf(stderr, "job %d: id %s, its config gives %s\n", j, job->id, id);
    CHECK(!strcmp(id, job->id));
    int pretrained = !strcmp(job->row, "Joint + Pre-trained") || !strcmp(job->table, "table2");
    int labelled = (pretrained || !strcmp(job->row, "Joint")) && !strcmp(job->language, "vi");
    int own_labeller = pretrained && !strcmp(job->attention, "none"); /* its pre-training labels */
    CHECK(job->n_deps == pretrained + (labelled && !own_labeller));
    Config cfg;
    config_load(&cfg, job->config_path);
    for (int d = 0; d < job->n_deps; d++) {
      const Job *dep = &plan->jobs[job->deps[d]];
      CHECK(job->deps[d] < j); /* planned before its dependents */
      CHECK(dep->kind == JOB_PRETRAIN && !strcmp(dep->language, job->language) &&
            dep->seed == job->seed);
      if (pretrained && d == 0)
        CHECK(!strcmp(dep->attention, job->attention) && !strcmp(cfg.pretrained, dep->record_path));
      else
        CHECK(!strcmp(dep->attention, "none"));
    }
    /* one labeller per language and seed: the attention-none pre-training */
    CHECK(!!cfg.label_classifier == labelled);
    if (labelled) {
      int l = job_of_record(plan, cfg.label_classifier);
      CHECK(l >= 0 && !strcmp(plan->jobs[l].attention, "none") && plan->jobs[l].seed == job->seed);
    }
    config_free(&cfg);
    cJSON *config = load_json(job->config_path);
    const cJSON *grid = cJSON_GetObjectItemCaseSensitive(config, "grid");
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(config, "model");
    const cJSON *also = cJSON_GetObjectItemCaseSensitive(grid, "also");
    int shared = !strcmp(job->row, "Joint + Pre-trained") && !strcmp(job->attention, "self-learned");
    int same_augment = !strcmp(job->row, "NER-only +10k") && !strcmp(job->language, "id");
    CHECK(cJSON_GetArraySize(also) == (shared || same_augment ? 1 : 0));
    if (shared)
      CHECK(!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(also->child, "table")), "table2"));
    if (same_augment)
      CHECK(!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(also->child, "row")), "NER-only +50k"));
    CHECK(cJSON_IsFalse(cJSON_GetObjectItem(model, "residual")) ==
          !strcmp(job->row, "w/o residual"));
    const cJSON *dropout = cJSON_GetObjectItem(model, "attention_dropout");
    CHECK((dropout && dropout->valuedouble == 0) == !strcmp(job->row, "w/o locked dropout"));
    int has_pretrain_settings =
        cJSON_GetObjectItem(cJSON_GetObjectItem(config, "train"), "batch_size") != NULL;
    CHECK(has_pretrain_settings == (job->kind == JOB_PRETRAIN));
    CHECK(job->cost > 0);
    cJSON_Delete(config);
  }
}

int main(void) {
  nftw(WORK_DIR, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  mkdir(WORK_DIR, 0777);
  write_data("id");
  write_data("vi");
  write_text(WORK_DIR "/grid.json", GRID);
  Plan plan;
  grid_plan_build(&plan, WORK_DIR "/grid.json", 0);
  check_jobs(&plan);
  cJSON *json = load_json(WORK_DIR "/results/plan.json");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(json, "jobs")) == plan.n_jobs);
  CHECK(!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(json, "grid_hash")), plan.grid_hash));
  cJSON_Delete(json);
  Plan again;
  grid_plan_build(&again, WORK_DIR "/grid.json", 0);
  CHECK(again.n_jobs == plan.n_jobs && !strcmp(again.grid_hash, plan.grid_hash));
  for (int j = 0; j < plan.n_jobs && j < again.n_jobs; j++)
    CHECK(!strcmp(plan.jobs[j].id, again.jobs[j].id));
  grid_plan_free(&again);
  grid_plan_free(&plan);
  return check_exit("test_grid_plan");
}
