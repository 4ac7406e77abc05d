/* grid_plan.h: a grid config (configs/table1.json, table2.json) expanded
 * into jobs: one pre-training per language and attention variant that a
 * "Joint + Pre-trained" row needs, and one training per language x row x
 * attention x seed (plus Table 2's ablations). Each job is a run config
 * written to RESULTS/jobs/<id>.json whose run record is
 * RESULTS/runs/<id>.h5; <id> is the run's identity hash (config_hash of
 * config_canonical(cfg, 1)), so the same run in two tables is one job.
 * The plan is also written as RESULTS/plan.json (for SLURM and --dry-run). */
#ifndef JN_GRID_PLAN_H
#define JN_GRID_PLAN_H

typedef enum { JOB_PRETRAIN, JOB_TRAIN } JobKind;

typedef struct {
  char id[17];        /* identity hash */
  JobKind kind;
  char *config_path;  /* RESULTS/jobs/<id>.json */
  char *record_path;  /* RESULTS/runs/<id>.h5 */
  char *language, *row, *attention; /* row: "NER-only", ..., "pretrain" */
  int seed;
  int n_deps;
  int deps[4];        /* indices of jobs that must complete first */
  double cost;        /* relative expected run time, for longest-first */
  char *table;        /* "table1", "table2" or "pretrain": its first placement */
  char *log_path;     /* RESULTS/logs/<id>.log: the child's stdout and stderr */
  char *identity;     /* the canonical form id hashes (config_canonical(cfg, 1)) */
} Job;

typedef struct {
  char *results_dir;
  char *grid_hash;    /* hash of the canonical grid config */
  int n_jobs;
  /* the scheduling order (`grid --by-seed`, `--shortest-first`); not part of the plan's identity */
  int by_seed, shortest_first;
  Job *jobs;          /* pre-trainings first */
} Plan;

/* Reads the grid config, writes RESULTS/jobs/<id>.json and RESULTS/plan.json,
 * and fills plan. Dies on a bad grid config (file and key named) or when
 * RESULTS holds a plan of another grid and allow_other_grid is 0. */
void grid_plan_build(Plan *plan, const char *grid_config_path, int allow_other_grid);
void grid_plan_free(Plan *plan);
/* `--moved OLD=NEW`: per job (malloc'd), the id it had when its data and
 * records were under the folder OLD where they now are under NEW (both
 * absolute): its identity with every path under NEW put under OLD, and the
 * pre-trainings it uses named by their ids there. Dies when moved is not
 * OLD=NEW, a folder is not absolute or holds a character JSON escapes. */
char (*grid_plan_moved_ids(const Plan *plan, const char *moved))[17];

#endif
