/* cmd_models.c: qarray models, the model table. */
#include <stdio.h>

#include "qa_cmd.h"
#include "qa_sweep.h"

int qa_cmd_models(const qa_opts *o) {
  qa_model_table t;
  int rc = qa_models_open(o->models_file, o->model_name, &t);
  if (rc) return rc;
  printf("%-14s %-6s %6s %7s %5s %6s %6s %4s %7s %-9s %-6s %8s %6s\n", "model", "family", "layers",
         "d_model", "heads", "d_head", "ffn", "mats", "max_ctx", "norm", "act", "kv_heads", "vocab");
  for (int i = 0; i < t.n; i++) {
    const qa_model *m = &t.m[i];
    printf("%-14s %-6s %6d %7d %5d %6d %6d %4d %7d %-9s %-6s %8d %6d\n", m->name, m->family, m->layers,
           m->d_model, m->heads, m->d_head, m->ffn, m->ffn_mats, m->max_ctx, qa_norm_name(m->norm),
           qa_act_name(m->act), m->kv_heads, m->vocab);
  }
  qa_models_free(&t);
  return 0;
}
