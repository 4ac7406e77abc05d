/* text_table.h: a table of text cells (a header row, then rows in model
 * groups; leading text columns left-aligned, the rest numbers), written as
 * padded Markdown or as a LaTeX tabular; and the two typographies a cell's
 * text is made in. Used by tables.c for Table 1 and 2. */
#ifndef JN_TEXT_TABLE_H
#define JN_TEXT_TABLE_H
#include <stdbool.h>
#include <stdio.h>

typedef struct {
  const char *dash;
  const char *bold_open, *bold_close;
  char *(*escape)(const char *text); /* a new string, safe as cell text */
} Style;

extern const Style MARKDOWN_STYLE, LATEX_STYLE;
char *markdown_escape(const char *text);
char *latex_escape(const char *text);
/* Formats plain text, then escapes it for style (malloc'd). */
char *styled(const Style *style, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct {
  int n_cols, n_rows; /* row 0 is the header */
  int n_text_cols;    /* leading left-aligned columns; the rest are numbers */
  char **cells;       /* [row * n_cols + col], owned */
  bool *starts_group; /* per row: a new model group begins */
} TextTable;

TextTable text_table_new(int n_cols, int n_text_cols);
/* A new row of empty cells; its index. */
int text_table_add_row(TextTable *t, bool starts_group);
/* Sets a cell; takes ownership of text. */
void text_table_set(TextTable *t, int row, int col, char *text);
void text_table_free(TextTable *t);
void text_table_write_markdown(FILE *out, const TextTable *t);
void text_table_write_latex(FILE *out, const TextTable *t);

#endif
