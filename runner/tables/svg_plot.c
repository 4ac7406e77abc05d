/* svg_plot.c: the strip/box plot of svg_plot.h, written as plain SVG. */
#include "runner/tables/svg_plot.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "runner/tables/stats.h"

enum {
  FONT_SIZE = 12,
  ROW_HEIGHT = 20,
  BOX_HEIGHT = 10,
  PANEL_WIDTH = 240,
  PANEL_GAP = 28,
  TOP_MARGIN = 72,
  BOTTOM_MARGIN = 52,
  RIGHT_MARGIN = 16,
  LABEL_PAD = 12,
};
static const double CHAR_WIDTH = 6.8; /* average glyph width at FONT_SIZE (ASCII labels) */

static const char *const PALETTE[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                      "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

typedef struct {
  double lo, hi, step; /* the axis spans [lo, hi] with ticks every step */
} Axis;

typedef struct {
  double left, top, width, height; /* the panel's plotting area */
  Axis axis;
  const char *color;
} Panel;

static void write_escaped(FILE *out, const char *text) {
  for (const char *c = text; *c; c++) {
    switch (*c) {
      case '&':
        fputs("&amp;", out);
        break;
      case '<':
        fputs("&lt;", out);
        break;
      case '>':
        fputs("&gt;", out);
        break;
      case '"':
        fputs("&quot;", out);
        break;
      default:
        fputc(*c, out);
    }
  }
}

static double label_column_width(const StripPlot *plot) {
  int longest = 0;
  for (int r = 0; r < plot->n_rows; r++) {
    int length = (int)strlen(plot->row_labels[r]);
    if (length > longest) longest = length;
  }
  return longest * CHAR_WIDTH + 2 * LABEL_PAD;
}

/* 1, 2, 2.5 or 5 times a power of ten, at least raw. */
static double nice_step(double raw) {
  double power = pow(10, floor(log10(raw)));
  double fraction = raw / power;
  double nice = fraction <= 1     ? 1
                : fraction <= 2   ? 2
                : fraction <= 2.5 ? 2.5
                : fraction <= 5   ? 5
                                  : 10;
  return nice * power;
}

static Axis axis_covering(double min, double max) {
  if (!(min <= max)) min = 0, max = 1; /* no data */
  double span = max - min;
  double pad = span > 0 ? 0.04 * span : 0.5;
  Axis axis = {.step = nice_step((span + 2 * pad) / 5)};
  axis.lo = floor((min - pad) / axis.step) * axis.step;
  axis.hi = ceil((max + pad) / axis.step) * axis.step;
  return axis;
}

static int decimals_of(double step) {
  int decimals = 0;
  while (decimals < 6 && fabs(step - round(step)) > 1e-9) step *= 10, decimals++;
  return decimals;
}

static Axis panel_axis(const StripPlot *plot, int panel) {
  double min = INFINITY, max = -INFINITY;
  for (int r = 0; r < plot->n_rows; r++) {
    const PlotSample *s = &plot->samples[panel * plot->n_rows + r];
    for (int i = 0; i < s->n; i++) min = fmin(min, s->values[i]), max = fmax(max, s->values[i]);
  }
  return axis_covering(min, max);
}

static double x_of(const Panel *p, double value) {
  return p->left + (value - p->axis.lo) / (p->axis.hi - p->axis.lo) * p->width;
}

static double row_center(const Panel *p, int row) { return p->top + (row + 0.5) * ROW_HEIGHT; }

static void write_header(FILE *out, const StripPlot *plot, double width, double height) {
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
          "viewBox=\"0 0 %.0f %.0f\" font-family=\"Helvetica, Arial, sans-serif\" "
          "font-size=\"%d\">\n",
          width, height, width, height, FONT_SIZE);
  fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  fprintf(out, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">", LABEL_PAD);
  write_escaped(out, plot->title);
  fprintf(out, "</text>\n<text x=\"%d\" y=\"42\" fill=\"#555\">", LABEL_PAD);
  write_escaped(out, plot->subtitle);
  fputs("</text>\n", out);
}

static void write_row_bands(FILE *out, const StripPlot *plot, double plot_top, double width) {
  for (int r = 0; r < plot->n_rows; r++) {
    double y = plot_top + r * ROW_HEIGHT;
    if (r % 2)
      fprintf(out, "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%d\" fill=\"#f3f3f3\"/>\n", y,
              width, ROW_HEIGHT);
    if (plot->separator_above[r] && r > 0)
      fprintf(out, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#999\"/>\n", y,
              width, y);
  }
}

static void write_row_labels(FILE *out, const StripPlot *plot, double label_width,
                             double plot_top) {
  for (int r = 0; r < plot->n_rows; r++) {
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dy=\"0.35em\">",
            label_width - LABEL_PAD, plot_top + (r + 0.5) * ROW_HEIGHT);
    write_escaped(out, plot->row_labels[r]);
    fputs("</text>\n", out);
  }
}

static void write_axis(FILE *out, const Panel *p, const char *x_label) {
  int decimals = decimals_of(p->axis.step);
  double bottom = p->top + p->height;
  int ticks = (int)lround((p->axis.hi - p->axis.lo) / p->axis.step);
  for (int t = 0; t <= ticks; t++) {
    double value = p->axis.lo + t * p->axis.step, x = x_of(p, value);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", x,
            p->top, x, bottom);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.*f</text>\n", x, bottom + 16,
            decimals, value);
  }
  fprintf(out,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
          "stroke=\"#444\"/>\n",
          p->left, p->top, p->width, p->height);
  fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", p->left + p->width / 2,
          bottom + 38);
  write_escaped(out, x_label);
  fputs("</text>\n", out);
}

static void write_panel_title(FILE *out, const Panel *p, const char *title) {
  fprintf(out,
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\" "
          "font-weight=\"bold\" fill=\"%s\">",
          p->left + p->width / 2, p->top - 10, p->color);
  write_escaped(out, title);
  fputs("</text>\n", out);
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void write_box(FILE *out, const Panel *p, double y, const double *sorted, int n) {
  double low = x_of(p, sorted[0]), high = x_of(p, sorted[n - 1]);
  double q1 = x_of(p, stats_quantile_sorted(sorted, n, 0.25));
  double q3 = x_of(p, stats_quantile_sorted(sorted, n, 0.75));
  double median = x_of(p, stats_quantile_sorted(sorted, n, 0.5));
  fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", low, y,
          high, y, p->color);
  fprintf(out,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
          "fill-opacity=\"0.2\" stroke=\"%s\"/>\n",
          q1, y - BOX_HEIGHT / 2.0, q3 - q1, BOX_HEIGHT, p->color, p->color);
  fprintf(out,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
          "stroke-width=\"2\"/>\n",
          median, y - BOX_HEIGHT / 2.0, median, y + BOX_HEIGHT / 2.0, p->color);
}

/* Dots spread over up to five lanes around the row's center line, so that
 * equal values stay visible. */
static void write_dots(FILE *out, const Panel *p, double y, const double *values, int n) {
  int lanes = n < 5 ? n : 5;
  for (int i = 0; i < n; i++)
    fprintf(out,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" fill-opacity=\"0.75\" "
            "stroke=\"white\" stroke-width=\"0.5\"/>\n",
            x_of(p, values[i]), y + (i % lanes - (lanes - 1) / 2.0) * 2.5, p->color);
}

static void write_sample(FILE *out, const Panel *p, int row, const PlotSample *s) {
  if (s->n == 0) return;
  double *sorted = jn_malloc(sizeof *sorted * (size_t)s->n);
  memcpy(sorted, s->values, sizeof *sorted * (size_t)s->n);
  qsort(sorted, (size_t)s->n, sizeof *sorted, compare_doubles);
  write_box(out, p, row_center(p, row), sorted, s->n);
  write_dots(out, p, row_center(p, row), s->values, s->n);
  free(sorted);
}

void svg_write_strip_plot(FILE *out, const StripPlot *plot) {
  double label_width = label_column_width(plot);
  double plot_height = plot->n_rows * ROW_HEIGHT;
  double width =
      label_width + plot->n_panels * (PANEL_WIDTH + PANEL_GAP) - PANEL_GAP + RIGHT_MARGIN;
  double height = TOP_MARGIN + plot_height + BOTTOM_MARGIN;
  write_header(out, plot, width, height);
  write_row_bands(out, plot, TOP_MARGIN, width);
  write_row_labels(out, plot, label_width, TOP_MARGIN);
  for (int k = 0; k < plot->n_panels; k++) {
    Panel p = {.left = label_width + k * (PANEL_WIDTH + PANEL_GAP),
               .top = TOP_MARGIN,
               .width = PANEL_WIDTH,
               .height = plot_height,
               .axis = panel_axis(plot, k),
               .color = PALETTE[k % (int)(sizeof PALETTE / sizeof *PALETTE)]};
    write_panel_title(out, &p, plot->panel_titles[k]);
    write_axis(out, &p, plot->x_label);
    for (int r = 0; r < plot->n_rows; r++)
      write_sample(out, &p, r, &plot->samples[k * plot->n_rows + r]);
  }
  fputs("</svg>\n", out);
}
