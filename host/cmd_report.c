/* cmd_report.c: qarray report DIR. Runs the default study sweep (analytic cycles) and writes
 * DIR/README.md (tables) plus gnuplot data and scripts; `make report` renders the PNGs. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qa_cli.h"
#include "qa_load.h"
#include "qa_models.h"
#include "qa_npy.h"
#include "qa_study.h"

#define NSEQ 5
static const uint64_t kSeq[NSEQ] = {128, 256, 512, 1024, 2048};
static const char *const kArrays[2] = {"edge", "cloud"};
static const int kWbits[2] = {2, 1};

typedef struct {
  int valid;
  qa_point p;
} cell;

/* [model][array][phase][seq][wbits] */
typedef struct {
  int nm;
  cell *c;
} grid;

static cell *at(grid *g, int m, int a, int ph, int s, int w) {
  return &g->c[((((size_t)m * 2 + (size_t)a) * 2 + (size_t)ph) * NSEQ + (size_t)s) * 2 + (size_t)w];
}

static FILE *open_in(const char *dir, const char *name) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) fprintf(stderr, "qarray: cannot write %s: %s\n", path, strerror(errno));
  return f;
}

static void md_table(FILE *f, grid *g, const qa_model_table *t, int a, int ph) {
  fprintf(f, "| model | f | s W2A8 | speedup W2A8 | s W1A8 | speedup W1A8 | ceiling 1/(1-f) |\n");
  fprintf(f, "|---|---|---|---|---|---|---|\n");
  const int s512 = 2;
  for (int m = 0; m < g->nm; m++) {
    cell *c2 = at(g, m, a, ph, s512, 0), *c1 = at(g, m, a, ph, s512, 1);
    if (!c2->valid) continue;
    fprintf(f, "| %s | %.3f | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx |\n", t->m[m].name, c2->p.f,
            c2->p.s, c2->p.speedup, c1->p.s, c1->p.speedup, c2->p.ceiling);
  }
  fprintf(f, "\n");
}

static void md_seq_table(FILE *f, grid *g, const qa_model_table *t, int a, int ph) {
  fprintf(f, "| model |");
  for (int s = 0; s < NSEQ; s++) fprintf(f, " L=%" PRIu64 " |", kSeq[s]);
  fprintf(f, "\n|---|");
  for (int s = 0; s < NSEQ; s++) fprintf(f, "---|");
  fprintf(f, "\n");
  for (int m = 0; m < g->nm; m++) {
    fprintf(f, "| %s |", t->m[m].name);
    for (int s = 0; s < NSEQ; s++) {
      cell *c2 = at(g, m, a, ph, s, 0), *c1 = at(g, m, a, ph, s, 1);
      if (!c2->valid) fprintf(f, " - |");
      else fprintf(f, " %.2f / %.2f / %.2f (f %.2f) |", c2->p.speedup, c1->p.speedup, c2->p.ceiling, c2->p.f);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "\n");
}

int qa_cmd_report(int argc, char **argv) {
  if (argc != 3 || argv[2][0] == '-') return qa_usage_err("usage: qarray report DIR", NULL);
  const char *dir = argv[2];
  if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "qarray: cannot create %s: %s\n", dir, strerror(errno));
    return QA_EXIT_USAGE;
  }
  qa_model_table t;
  char err[QA_ERR_LEN];
  if (qa_models_load_default(&t, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  qa_mem_cfg mems[2];
  qa_mem_defaults(kArrays[0], &mems[0]);
  qa_mem_defaults(kArrays[1], &mems[1]);
  grid g = {t.n, calloc((size_t)t.n * 2 * 2 * NSEQ * 2, sizeof(cell))};
  if (!g.c) {
    qa_models_free(&t);
    return QA_EXIT_USAGE;
  }
  for (int m = 0; m < t.n; m++)
    for (int a = 0; a < 2; a++)
      for (int ph = 0; ph < 2; ph++)
        for (int s = 0; s < NSEQ; s++)
          for (int w = 0; w < 2; w++) {
            if (kSeq[s] > (uint64_t)t.m[m].max_ctx) continue;
            cell *c = at(&g, m, a, ph, s, w);
            c->p.model = &t.m[m];
            c->p.array = kArrays[a];
            qa_parse_array(kArrays[a], &c->p.rows, &c->p.cols, err);
            c->p.wbits = kWbits[w];
            c->p.phase = ph ? QA_PHASE_DECODE : QA_PHASE_PREFILL;
            c->p.seq = kSeq[s];
            c->p.batch = 1;
            c->p.clock_mhz = qa_default_clock_mhz(kArrays[a]);
            c->p.mem = &mems[a];
            if (qa_point_eval(&c->p, qa_cycles_analytic, NULL, err)) {
              fprintf(stderr, "qarray: %s\n", err);
              free(g.c);
              qa_models_free(&t);
              return QA_EXIT_USAGE;
            }
            c->valid = 1;
          }

  int rc = 0;
  /* Plot data: one file per array and phase, a block of rows per model (gnuplot "index"). */
  for (int a = 0; a < 2 && !rc; a++)
    for (int ph = 0; ph < 2 && !rc; ph++) {
      char name[64];
      snprintf(name, sizeof name, "%s_%s.dat", kArrays[a], ph ? "decode" : "prefill");
      FILE *f = open_in(dir, name);
      if (!f) {
        rc = QA_EXIT_USAGE;
        break;
      }
      for (int m = 0; m < t.n; m++) {
        fprintf(f, "# %s\n# L f speedup_w2 speedup_w1 ceiling\n", t.m[m].name);
        for (int s = 0; s < NSEQ; s++) {
          cell *c2 = at(&g, m, a, ph, s, 0), *c1 = at(&g, m, a, ph, s, 1);
          if (c2->valid)
            fprintf(f, "%" PRIu64 " %.6f %.6f %.6f %.6f\n", kSeq[s], c2->p.f, c2->p.speedup,
                    c1->p.speedup, c2->p.ceiling);
        }
        fprintf(f, "\n\n");
      }
      fclose(f);
    }
  /* f per model, edge vs cloud, and the cycle breakdown, at L = 512 prefill and decode. */
  FILE *f = rc ? NULL : open_in(dir, "per_model.dat");
  if (f) {
    fprintf(f, "# model f_edge_prefill f_cloud_prefill f_edge_decode f_cloud_decode "
               "then per array (edge, cloud) for prefill: base_proj base_attn w2_proj w2_attn "
               "(normalised to the baseline block)\n");
    for (int m = 0; m < t.n; m++) {
      fprintf(f, "%s", t.m[m].name);
      for (int ph = 0; ph < 2; ph++)
        for (int a = 0; a < 2; a++) fprintf(f, " %.6f", at(&g, m, a, ph, 2, 0)->p.f);
      for (int a = 0; a < 2; a++) {
        qa_point *p = &at(&g, m, a, 0, 2, 0)->p;
        double b = (double)(p->base_proj + p->base_attn);
        fprintf(f, " %.6f %.6f %.6f %.6f", p->base_proj / b, p->base_attn / b, p->q_proj / b,
                p->q_attn / b);
      }
      fprintf(f, "\n");
    }
    fclose(f);
  } else {
    rc = QA_EXIT_USAGE;
  }
  /* gnuplot script: one PNG per figure. */
  f = rc ? NULL : open_in(dir, "plots.gp");
  if (f) {
    fprintf(f, "# Rendered by `make report` (gnuplot); data from `qarray report`.\n"
               "set terminal pngcairo size 1500,1000 font ',10'\nset datafile commentschars '#'\n");
    for (int a = 0; a < 2; a++)
      for (int ph = 0; ph < 2; ph++) {
        const char *pn = ph ? "decode" : "prefill";
        fprintf(f, "set output '%s_%s_speedup.png'\n", kArrays[a], pn);
        fprintf(f, "set multiplot layout 4,4 title 'Speedup over W8A8 vs sequence length, %s array, "
                   "%s (analytic cycles)'\n", kArrays[a], pn);
        fprintf(f, "set logscale x 2\nset xrange [100:2600]\nset key bottom left font ',8'\nset grid\n");
        for (int m = 0; m < t.n; m++)
          fprintf(f, "set title '%s'\nplot '%s_%s.dat' index %d using 1:3 w lp t 'W2A8', '' index %d "
                     "using 1:4 w lp t 'W1A8', '' index %d using 1:5 w l dt 2 t 'ceiling 1/(1-f)'\n",
                  t.m[m].name, kArrays[a], pn, m, m, m);
        fprintf(f, "unset multiplot\nunset logscale x\nunset xrange\n");
      }
    fprintf(f, "set output 'f_edge_vs_cloud.png'\nset terminal pngcairo size 1400,600 font ',10'\n"
               "set title 'f = projection share of W8A8 block cycles, L = 512'\n"
               "set style data histograms\nset style histogram clustered gap 1\n"
               "set style fill solid 0.8 border -1\nset yrange [0:1]\nset xtics rotate by -35\n"
               "set key top right\nset grid ytics\n"
               "plot 'per_model.dat' using 2:xtic(1) t 'edge prefill', '' using 3 t 'cloud prefill', "
               "'' using 4 t 'edge decode', '' using 5 t 'cloud decode'\n");
    fprintf(f, "set output 'cycle_breakdown.png'\nset terminal pngcairo size 1400,900 font ',10'\n"
               "set multiplot layout 2,1 title 'Block cycles, projection vs attention, W8A8 vs "
               "W2A8, prefill L = 512 (normalised to W8A8)'\n"
               "set style histogram rowstacked\nset yrange [0:1.05]\nset boxwidth 0.4\n");
    for (int a = 0; a < 2; a++) {
      int c0 = 6 + 4 * a;
      /* Each bar: the block total (projection + attention) drawn first, the projection part
       * over it, so the visible top is attention. */
      fprintf(f, "set title '%s array'\n"
                 "plot 'per_model.dat' using ($0-0.22):($%d+$%d):(0.4) w boxes lc rgb '#e08020' t "
                 "'W8A8 attention', '' using ($0-0.22):%d:(0.4) w boxes lc rgb '#3060c0' t "
                 "'W8A8 projection', '' using ($0+0.22):($%d+$%d):(0.4):xtic(1) w boxes lc rgb "
                 "'#f0c080' t 'W2A8 attention', '' using ($0+0.22):%d:(0.4) w boxes lc rgb '#80a0e0' "
                 "t 'W2A8 projection'\n",
              kArrays[a], c0, c0 + 1, c0, c0 + 2, c0 + 3, c0 + 2);
    }
    fprintf(f, "unset multiplot\n");
    fclose(f);
  } else {
    rc = QA_EXIT_USAGE;
  }
  /* Where each model and phase sits: DRAM-channel busy cycles over compute-only cycles of the
   * W2A8 block (> 1: memory-bound), L = 512. */
  f = rc ? NULL : open_in(dir, "bound.dat");
  if (f) {
    fprintf(f, "# model edge_prefill edge_decode cloud_prefill cloud_decode: DRAM busy / compute "
               "cycles, W2A8 block, L = 512; then the same for W8A8\n");
    for (int m = 0; m < t.n; m++) {
      fprintf(f, "%s", t.m[m].name);
      for (int w8 = 0; w8 < 2; w8++)
        for (int a = 0; a < 2; a++)
          for (int ph = 0; ph < 2; ph++) {
            const qa_point *p = &at(&g, m, a, ph, 2, 0)->p;
            double comp = w8 ? (double)(p->base_proj + p->base_attn) : (double)(p->q_proj + p->q_attn);
            fprintf(f, " %.6f", (double)(w8 ? p->dram_busy_base : p->dram_busy_q) / comp);
          }
      fprintf(f, "\n");
    }
    fclose(f);
  } else {
    rc = QA_EXIT_USAGE;
  }
  /* Roofline points: per family model, array, phase and class, baseline and W2A8: arithmetic
   * intensity (MACs per DRAM byte read) and achieved MACs per cycle with the memory system. */
  static const char *const kRoofModels[3] = {"gpt2", "opt-6.7b", "llama-7b"};
  f = rc ? NULL : open_in(dir, "roofline.dat");
  if (f) {
    for (int a = 0; a < 2; a++) {
      fprintf(f, "# %s: model phase class precision intensity macs_per_cycle\n", kArrays[a]);
      for (int r = 0; r < 3; r++) {
        int m = -1;
        for (int k = 0; k < t.n; k++)
          if (!strcmp(t.m[k].name, kRoofModels[r])) m = k;
        if (m < 0) continue;
        for (int ph = 0; ph < 2; ph++) {
          const qa_point *p = &at(&g, m, a, ph, 2, 0)->p;
          const struct {
            const char *cls, *prec;
            uint64_t macs, bytes, cyc;
          } pts[4] = {
              {"projection", "W8A8", p->macs_proj, p->bytes_base_proj, p->mbase_proj},
              {"projection", "W2A8", p->macs_proj, p->bytes_q_proj, p->mq_proj},
              {"attention", "W8A8", p->macs_attn, p->bytes_base_attn, p->mbase_attn},
              {"attention", "W2A8", p->macs_attn, p->bytes_q_attn, p->mq_attn},
          };
          for (int k = 0; k < 4; k++)
            fprintf(f, "%s %s %s %s %.6g %.6g\n", kRoofModels[r], ph ? "decode" : "prefill",
                    pts[k].cls, pts[k].prec, (double)pts[k].macs / (double)pts[k].bytes,
                    (double)pts[k].macs / (double)pts[k].cyc);
        }
      }
      fprintf(f, "\n\n");
    }
    fclose(f);
  } else {
    rc = QA_EXIT_USAGE;
  }
  f = rc ? NULL : open_in(dir, "plots_mem.gp");
  if (f) {
    fprintf(f, "set output 'bound.png'\nset terminal pngcairo size 1400,600 font ',10'\n"
               "set title 'DRAM busy / compute-only cycles of the W2A8 block, L = 512 (above 1: "
               "memory-bound)'\nset style data histograms\nset style histogram clustered gap 1\n"
               "set style fill solid 0.8 border -1\nset logscale y\nset xtics rotate by -35\n"
               "set key top left\nset grid ytics\n"
               "plot 'bound.dat' using 2:xtic(1) t 'edge prefill', '' using 3 t 'edge decode', "
               "'' using 4 t 'cloud prefill', '' using 5 t 'cloud decode', 1 w l lw 2 lc rgb "
               "'black' t 'memory-bound above'\nunset logscale y\n");
    for (int a = 0; a < 2; a++) {
      const double pe = a ? 65536.0 : 1024.0, bpc = (double)mems[a].dram_bpc;
      fprintf(f,
              "set output 'roofline_%s.png'\nset terminal pngcairo size 1000,700 font ',10'\n"
              "set title 'Roofline, %s array (%.0f PEs, DRAM %.0f B/cycle), L = 512: "
              "gpt2 (circles), opt-6.7b (triangles), llama-7b (squares)'\n"
              "set logscale xy\nset xlabel 'MACs per DRAM byte'\nset ylabel 'MACs per cycle'\n"
              "set key bottom right\nset grid\nset xrange [0.1:100000]\n"
              "roof8(x) = (x * %g < %g) ? x * %g : %g\nroof2(x) = (x * %g < %g) ? x * %g : %g\n"
              "pt(m) = (m eq 'gpt2') ? 7 : ((m eq 'opt-6.7b') ? 9 : 5)\n"
              "col(c, p) = (c eq 'projection') ? ((p eq 'W8A8') ? 0x3060c0 : 0x80a0e0) : "
              "((p eq 'W8A8') ? 0xe08020 : 0xf0c080)\n"
              "plot roof8(x) w l lw 2 lc rgb '#404040' t 'roof W8A8 (1 MAC/PE/cycle)', "
              "roof2(x) w l lw 2 dt 2 lc rgb '#404040' t 'roof W2A8 (4 MACs/PE/cycle)', "
              "'roofline.dat' index %d using 5:(strcol(2) eq 'prefill' ? $6 : 1/0):(pt(strcol(1))):"
              "(col(strcol(3), strcol(4))) w p pt variable ps 2 lc rgb variable t 'prefill "
              "(dark: W8A8, light: W2A8; blue projection, orange attention)', "
              "'' index %d using 5:(strcol(2) eq 'decode' ? $6 : 1/0):(pt(strcol(1))+1):"
              "(col(strcol(3), strcol(4))) w p pt variable ps 2 lc rgb variable t 'decode "
              "(open symbols)'\nunset logscale xy\nunset xrange\nunset xlabel\nunset ylabel\n",
              kArrays[a], kArrays[a], pe, bpc, bpc, pe, bpc, pe, bpc, 4 * pe, bpc, 4 * pe, a, a);
    }
    fclose(f);
  } else {
    rc = QA_EXIT_USAGE;
  }
  f = rc ? NULL : open_in(dir, "README.md");
  if (f) {
    fprintf(f, "# The Amdahl study: W1A8 and W2A8 projections vs W8A8 on the qarray OS array\n\n"
               "Made by `make report` (`qarray report`), cycles from the analytic model, which the "
               "test suite holds exact against the RTL. Batch 1. Baseline W8A8: every GEMM in FULL "
               "mode. W<B>A8: projections (Q, K, V, O, FFN) in PACKED mode with B-bit weights, "
               "attention (QK^T, softmax.V) unchanged INT8. f = projection share of W8A8 block "
               "cycles; s = projection speedup; speedup = block speedup = 1/((1-f)+f/s); "
               "ceiling = 1/(1-f).\n\n");
    for (int a = 0; a < 2; a++)
      for (int ph = 0; ph < 2; ph++) {
        fprintf(f, "## %s array (%s), %s, L = 512\n\n", kArrays[a],
                a ? "256x256" : "32x32", ph ? "decode (one token, 512 of context)" : "prefill");
        md_table(f, &g, &t, a, ph);
      }
    fprintf(f, "## With the memory system (headline, W2A8, L = 512)\n\n"
               "Memory-aware cycles (README \"Memory model\": SRAM buffers, one DRAM channel, "
               "double-buffered chunks, each GEMM from cold buffers): edge 8 MB SRAM with "
               "LPDDR4X-class DRAM (34 B/cycle, 64 cycles), cloud 16 MB with HBM2-class DRAM "
               "(960 B/cycle, 128 cycles). Compute-only speedup beside the memory-aware one; "
               "bound: DRAM-busy cycles above compute-only cycles (W8A8 / W2A8).\n\n");
    for (int a = 0; a < 2; a++) {
      fprintf(f, "### %s array\n\n| model | phase | f | f mem | s mem | speedup | speedup mem "
                 "| ceiling mem | bound W8A8 / W2A8 |\n|---|---|---|---|---|---|---|---|---|\n",
              kArrays[a]);
      for (int m = 0; m < g.nm; m++)
        for (int ph = 0; ph < 2; ph++) {
          cell *c = at(&g, m, a, ph, 2, 0);
          if (!c->valid) continue;
          fprintf(f, "| %s | %s | %.3f | %.3f | %.2fx | %.2fx | %.2fx | %.2fx | %s / %s |\n",
                  t.m[m].name, ph ? "decode" : "prefill", c->p.f, c->p.mf, c->p.ms, c->p.speedup,
                  c->p.mspeedup, c->p.mceiling, c->p.mem_bound_base ? "memory" : "compute",
                  c->p.mem_bound_q ? "memory" : "compute");
        }
      fprintf(f, "\n");
    }
    fprintf(f, "## Every sequence length\n\nEach cell: speedup W2A8 / speedup W1A8 / ceiling "
               "(f). `-`: beyond the model's context.\n\n");
    for (int a = 0; a < 2; a++)
      for (int ph = 0; ph < 2; ph++) {
        fprintf(f, "### %s, %s\n\n", kArrays[a], ph ? "decode" : "prefill");
        md_seq_table(f, &g, &t, a, ph);
      }
    fprintf(f, "## Plots\n\n"
               "![edge prefill](edge_prefill_speedup.png)\n\n![cloud prefill](cloud_prefill_speedup.png)\n\n"
               "![edge decode](edge_decode_speedup.png)\n\n![cloud decode](cloud_decode_speedup.png)\n\n"
               "![f edge vs cloud](f_edge_vs_cloud.png)\n\n![cycle breakdown](cycle_breakdown.png)\n\n"
               "![compute- or memory-bound](bound.png)\n\n![roofline edge](roofline_edge.png)\n\n"
               "![roofline cloud](roofline_cloud.png)\n");
    if (fclose(f) != 0) rc = QA_EXIT_USAGE;
  } else {
    rc = QA_EXIT_USAGE;
  }
  free(g.c);
  qa_models_free(&t);
  if (!rc) fprintf(stderr, "qarray: report data and tables written to %s/\n", dir);
  return rc;
}
