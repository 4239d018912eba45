/* qa_area.h: the synthesized area of a PE per precision (synth/area.csv, made by make synth),
 * and the iso-area rule of the study (docs/synthesis.md).
 *
 * Iso-area: a quantized array gets the PEs that fit the W8A8 array's PE area. It keeps ROWS
 * (the M tiling, and decode's one busy row, stay as they are) and gets the most columns whose
 * PEs fit: cols' = floor(COLS x GE(W8 PE) / GE(WB PE)), at least 2 and at most COLS. */
#ifndef QA_AREA_H
#define QA_AREA_H

#define QA_AREA_MAX 64

typedef struct {
  int n;
  struct {
    int wbits, accw;
    double ge;
  } pe[QA_AREA_MAX];
  char path[4096];
} qa_area_table;

/* Read an area table (the CSV make synth writes; only the unit "pe" rows are used). Returns 0
 * or -1 with err (the file, the line and the problem). */
int qa_area_load(const char *path, qa_area_table *t, char *err);
/* $QARRAY_ROOT/synth/area.csv. */
int qa_area_load_default(qa_area_table *t, char *err);
/* The GE of one PE; -1 with err when the table has no such row. */
int qa_area_pe(const qa_area_table *t, int wbits, int accw, double *ge, char *err);
/* The iso-area columns for a quantized PE of ge_q against a W8A8 PE of ge_8, on rows x cols. */
int qa_iso_cols(int cols, double ge_8, double ge_q);

#endif /* QA_AREA_H */
