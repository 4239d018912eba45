/* qa_hw.h: what the energy model needs to know of the array's hardware (golden/qa_energy.h
 * qa_energy_hw), from what make synth and make activity measured: synth/area.csv and
 * synth/array_parts.csv (flip-flops and GE, host/io/qa_area.h) and synth/activity.csv (register
 * toggles of the structural RTL; synth/activity.sh has its columns). docs/energy.md. */
#ifndef QA_HW_H
#define QA_HW_H

#include "qa_energy.h"
#include "qa_area.h"
#include "qa_err.h"

#define QA_HW_MAX 256

typedef struct {
  int rows, cols, wbits, mode, kind; /* kind: QA_FILL_* (qa_opts.h) */
  double t_a, t_w, t_acc, t_bubble, t_idle, t_out, t_ctl_out, t_v_bubble, t_skew_a, t_skew_w;
  double t_deskew, t_edge;
} qa_act_row;

typedef struct {
  qa_area_table area;
  int n;
  qa_act_row row[QA_HW_MAX];
  char path[4096];
} qa_hw_tables;

/* Read an activity table (only its rows with operand isolation on, iso 1). Returns 0 or -1 with
 * err (the file, the line and the problem). */
int qa_act_load(const char *path, qa_hw_tables *t, char *err);
/* $QARRAY_ROOT/synth/area.csv (and array_parts.csv beside it) and synth/activity.csv. */
int qa_hw_load_default(qa_hw_tables *t, char *err);
/* The hardware of a g->rows x g->cols W<g->wbits> array (ACCW 32) running g->mode on operands
 * of kind, at clock_mhz (the GEMM's sizes are not used). The toggle rates are the table's row of the same shape, else of the largest array
 * it has. -1 with err when a table lacks what it needs. */
int qa_hw_of(const qa_hw_tables *t, const qa_gemm_shape *g, int kind, double clock_mhz,
             qa_energy_hw *hw, char *err);

/* The energy model's inputs: the table of energies per event, and the measured hardware.
 * Without the hardware tables (has_hw 0, hw_err says why) registers and leakage are not counted.
 * qa_energy_setup_load (host/study/qa_sweep.h) fills it. */
typedef struct {
  qa_energy_cfg e;
  qa_hw_tables hw;
  int has_hw;
  char hw_err[QA_ERR_LEN];
} qa_energy_setup;
/* The energy of one GEMM g (its hardware: a rows x cols W<g->wbits> array, operands of kind,
 * QA_FILL_*) from its events. */
void qa_energy_gemm(const qa_energy_setup *s, const qa_gemm_shape *g, double clock_mhz, int kind,
                    const qa_energy_events *ev, qa_energy *out);

#endif /* QA_HW_H */
