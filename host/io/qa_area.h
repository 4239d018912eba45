/* qa_area.h: the synthesized area of a PE per precision (synth/area.csv, made by make synth), of
 * the rest of the array by part (synth/array_parts.csv, beside it), and the iso-area rules of the
 * study (docs/synthesis.md).
 *
 * Iso-area: a quantized array keeps ROWS (the M tiling, and decode's one busy row, stay as they
 * are) and gets the most columns, at least 2 and at most COLS, whose area fits the W8A8 array's:
 * - whole array (the default, when array_parts.csv is there): the total of qa_array_ge, the PEs
 *   and every part around them, fits the W8A8 array's total;
 * - PE only: the PEs fit the W8A8 array's PEs, cols' = floor(COLS x GE(W8 PE) / GE(WB PE)).
 *
 * The array's area model (qa_array_ge), its parts scaled from the synthesized 4x4 and 8x8 arrays
 * by what each part holds (qa_top's structure, rtl/): ACCW 32, AW = 64 / WBITS activation bits
 * per row:
 *   PEs         ROWS x COLS x GE(PE)
 *   skew        k_skew x (AW x R(R-1)/2 + 8 x C(C-1)/2 + 4 (C-1))   flip-flops
 *   de-skew     k_deskew x (32 x C(C-1)/2 + 17 (C-1))                flip-flops
 *   buffer      k_obuf x (32 C + 16), its macro k_sram x (2R + C + 2)(32 C + 16) bits
 *   control     k0 + k1 x (R x AW + 8 C)                             (skid, input register, counters)
 * each k fitted to the synthesized parts (a ratio of sums; control by least squares). */
#ifndef QA_AREA_H
#define QA_AREA_H

#define QA_AREA_MAX 64

typedef struct {
  int n;
  struct {
    int wbits, accw;
    double ge;
    int levels; /* the PE's logic levels (0 when the table has no levels column) */
    int flops;  /* its flip-flops (0 when the table has no flops column) */
  } pe[QA_AREA_MAX];
  char path[4096];
  /* The parts around the PEs (array_parts.csv), fitted; has_parts 0 when there is none. */
  int has_parts;
  double k_skew, k_deskew, k_obuf, k_sram, k0, k1;
  /* The parts' flip-flops, fitted the same way (has_flops 0 when array_parts.csv has none):
   * f_skew, f_deskew, f_obuf scale the same units, f0 + f1 x (R AW + 8 C) the control, and
   * f_mesh[WBITS] x (R + C) what the mesh has beside R x C x the PE's (trimmed edges, tags). */
  int has_flops;
  double f_skew, f_deskew, f_obuf, f0, f1, f_mesh[9];
} qa_area_table;

/* One quantized array's iso-area shape against W8A8 on rows x cols. */
typedef struct {
  double ge_8, ge_q;    /* GE of one W8 and one W<B> PE */
  double total_8, total_q; /* the whole arrays' GE (W8A8 on rows x cols, W<B> on rows x cols) */
  int cols;             /* the rule's columns: whole array when the table has parts, else PE only */
  int cols_pe;          /* the PE-only rule's */
  int whole;            /* cols is the whole-array rule's */
} qa_iso;

/* Read an area table (the CSV make synth writes; only the unit "pe" rows are used) and, when
 * there is one beside it, array_parts.csv. Returns 0 or -1 with err (the file, the line and the
 * problem). */
int qa_area_load(const char *path, qa_area_table *t, char *err);
/* $QARRAY_ROOT/synth/area.csv. */
int qa_area_load_default(qa_area_table *t, char *err);
/* The GE of one PE; -1 with err when the table has no such row. */
int qa_area_pe(const qa_area_table *t, int wbits, int accw, double *ge, char *err);
/* The flip-flops of one PE (ACCW 32); 0 when the table has no such row or no flops column. */
double qa_area_pe_flops(const qa_area_table *t, int wbits);
/* The PE-only rule's columns for a quantized PE of ge_q against a W8A8 PE of ge_8. */
int qa_iso_cols(int cols, double ge_8, double ge_q);
/* The whole array's GE (qa_array_ge's model above) for a PE of ge_pe; needs has_parts. */
double qa_array_ge(const qa_area_table *t, int rows, int cols, int wbits, double ge_pe);
/* The array's flip-flops outside R x C x the PE's (qa_area_table's flop fits; needs has_flops). */
double qa_array_flops_edge(const qa_area_table *t, int rows, int cols, int wbits);
/* The output buffer macro's GE and (bits != NULL) its bits. */
double qa_array_sram_ge(const qa_area_table *t, int rows, int cols, double *bits);
/* The flip-flops of the skew's activation lines (AW R(R-1)/2) and weight lines (8 C(C-1)/2; its
 * control lines add 4 (C-1)) and of the de-skew lines (32 C(C-1)/2 + 17 (C-1)) of rtl/: what
 * their toggle rates scale. */
void qa_array_lines(int rows, int cols, int wbits, double *skew_a, double *skew_w, double *deskew);
/* The iso-area shape of W<wbits> against W8A8 on rows x cols (ACCW 32); -1 with err when the
 * table lacks a PE. */
int qa_iso_of(const qa_area_table *t, int rows, int cols, int wbits, qa_iso *iso, char *err);

/* The quantized array's clock over W8A8's (--clock-from): src 1 the FPGA's Fmax ratio
 * (fpga_csv, make fpga's table: the largest array in it), 2 the PE's logic levels, W8's over
 * W<wbits>'s (the area table, ACCW 32); src 0 gives 1. -1 with err when the table lacks a row. */
int qa_clock_ratio(const qa_area_table *t, const char *fpga_csv, int src, int wbits, double *ratio,
                   char *err);

#endif /* QA_AREA_H */
