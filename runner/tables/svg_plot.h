/* svg_plot.h: a hand-written SVG strip/box plot. Rows are configurations
 * (labelled on the left, shared by all panels), panels are side by side
 * (one per language, each with its own x axis and color); each row of a
 * panel shows every value as a dot over a box of its quartiles, median and
 * min-max whiskers. */
#ifndef JN_SVG_PLOT_H
#define JN_SVG_PLOT_H
#include <stdbool.h>
#include <stdio.h>

typedef struct {
  const double *values; /* n values, any order; NULL when n == 0 */
  int n;
} PlotSample;

typedef struct {
  const char *title;
  const char *subtitle;
  const char *x_label;
  int n_rows;
  const char *const *row_labels;
  const bool *separator_above; /* per row: draw a rule above it */
  int n_panels;
  const char *const *panel_titles;
  const PlotSample *samples; /* [panel * n_rows + row] */
} StripPlot;

void svg_write_strip_plot(FILE *out, const StripPlot *plot);

#endif
