/* text_table.c: a table of text cells written as padded Markdown or as a
 * LaTeX tabular, and the two typographies (dash, bold, escaping). */
#include "runner/tables/text_table.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

typedef struct {
  char special;
  const char *replacement;
} Escape;

static const Escape MARKDOWN_ESCAPES[] = {{'|', "\\|"}, {'*', "\\*"}, {0, NULL}};

static const Escape LATEX_ESCAPES[] = {
    {'&', "\\&"},
    {'%', "\\%"},
    {'$', "\\$"},
    {'#', "\\#"},
    {'_', "\\_"},
    {'{', "\\{"},
    {'}', "\\}"},
    {'~', "\\textasciitilde{}"},
    {'^', "\\textasciicircum{}"},
    {'\\', "\\textbackslash{}"},
    {0, NULL},
};

/* The replacement of C in ESCAPES (ended by a NULL replacement), or NULL. */
static const char *replacement_of(char c, const Escape *escapes) {
  for (const Escape *e = escapes; e->replacement; e++)
    if (e->special == c) return e->replacement;
  return NULL;
}

static char *escape_with(const char *text, const Escape *escapes) {
  size_t length = 1;
  for (const char *c = text; *c; c++) {
    const char *replacement = replacement_of(*c, escapes);
    length += replacement ? strlen(replacement) : 1;
  }
  char *escaped = jn_malloc(length), *out = escaped;
  for (const char *c = text; *c; c++) {
    const char *replacement = replacement_of(*c, escapes);
    if (replacement)
      out = stpcpy(out, replacement);
    else
      *out++ = *c;
  }
  *out = '\0';
  return escaped;
}

char *markdown_escape(const char *text) { return escape_with(text, MARKDOWN_ESCAPES); }
char *latex_escape(const char *text) { return escape_with(text, LATEX_ESCAPES); }

const Style MARKDOWN_STYLE = {"–", "**", "**", markdown_escape};
const Style LATEX_STYLE = {"--", "\\textbf{", "}", latex_escape};

/* Formats plain text, then escapes it for STYLE. */
char *styled(const Style *style, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *plain = jn_vformat(fmt, ap);
  va_end(ap);
  char *escaped = style->escape(plain);
  free(plain);
  return escaped;
}

TextTable text_table_new(int n_cols, int n_text_cols) {
  return (TextTable){.n_cols = n_cols, .n_text_cols = n_text_cols};
}

int text_table_add_row(TextTable *t, bool starts_group) {
  t->cells = jn_realloc(t->cells, sizeof *t->cells * (size_t)((t->n_rows + 1) * t->n_cols));
  t->starts_group = jn_realloc(t->starts_group, sizeof *t->starts_group * (size_t)(t->n_rows + 1));
  for (int c = 0; c < t->n_cols; c++) t->cells[t->n_rows * t->n_cols + c] = jn_strdup("");
  t->starts_group[t->n_rows] = starts_group;
  return t->n_rows++;
}

/* Takes ownership of TEXT. */
void text_table_set(TextTable *t, int row, int col, char *text) {
  free(t->cells[row * t->n_cols + col]);
  t->cells[row * t->n_cols + col] = text;
}

void text_table_free(TextTable *t) {
  for (int i = 0; i < t->n_rows * t->n_cols; i++) free(t->cells[i]);
  free(t->cells);
  free(t->starts_group);
}

static int display_width(const char *text) {
  int width = 0;
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) width += (*c & 0xC0) != 0x80;
  return width;
}

static void write_markdown_row(FILE *out, const TextTable *t, int row, const int *widths) {
  for (int c = 0; c < t->n_cols; c++) {
    const char *text = t->cells[row * t->n_cols + c];
    int pad = widths[c] - display_width(text);
    if (c < t->n_text_cols)
      fprintf(out, "| %s%*s ", text, pad, "");
    else
      fprintf(out, "| %*s%s ", pad, "", text);
  }
  fputs("|\n", out);
}

static void write_markdown_rule(FILE *out, const TextTable *t, const int *widths) {
  for (int c = 0; c < t->n_cols; c++) {
    bool left = c < t->n_text_cols;
    fprintf(out, "| %s", left ? ":" : "");
    for (int i = 1; i < widths[c]; i++) fputc('-', out);
    fprintf(out, "%s ", left ? "" : ":");
  }
  fputs("|\n", out);
}

void text_table_write_markdown(FILE *out, const TextTable *t) {
  int *widths = jn_calloc((size_t)t->n_cols, sizeof *widths);
  for (int i = 0; i < t->n_rows * t->n_cols; i++) {
    int width = display_width(t->cells[i]);
    if (width > widths[i % t->n_cols]) widths[i % t->n_cols] = width;
  }
  for (int c = 0; c < t->n_cols; c++)
    if (widths[c] < 3) widths[c] = 3;
  write_markdown_row(out, t, 0, widths);
  write_markdown_rule(out, t, widths);
  for (int r = 1; r < t->n_rows; r++) write_markdown_row(out, t, r, widths);
  free(widths);
}

static void write_latex_row(FILE *out, const TextTable *t, int row) {
  for (int c = 0; c < t->n_cols; c++)
    fprintf(out, "%s%s", c ? " & " : "", t->cells[row * t->n_cols + c]);
  fputs(" \\\\\n", out);
}

void text_table_write_latex(FILE *out, const TextTable *t) {
  fputs("\\begin{tabular}{", out);
  for (int c = 0; c < t->n_cols; c++) fputc(c < t->n_text_cols ? 'l' : 'r', out);
  fputs("}\n\\toprule\n", out);
  write_latex_row(out, t, 0);
  fputs("\\midrule\n", out);
  for (int r = 1; r < t->n_rows; r++) {
    if (r > 1 && t->starts_group[r]) fputs("\\midrule\n", out);
    write_latex_row(out, t, r);
  }
  fputs("\\bottomrule\n\\end{tabular}\n", out);
}
