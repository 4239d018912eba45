/* qa_scalesim.h: SCALE-Sim's inputs (qarray scalesim, docs/scalesim.md): its configuration file
 * (v2 and v3 .cfg) and its topology CSVs (GEMM and convolution formats), parsed the way
 * SCALE-Sim reads them. */
#ifndef QA_SCALESIM_H
#define QA_SCALESIM_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char run_name[128];
  int rows, cols;                      /* ArrayHeight, ArrayWidth */
  uint64_t ifmap_kb, filter_kb, ofmap_kb; /* the SRAM sizes, KiB */
  double bandwidth;                    /* Bandwidth: words (bytes) per cycle */
  int user_bw;                         /* InterfaceBandwidth USER (1) or CALC (0) */
  int warnings;                        /* keys or sections read and ignored, warned about */
  int v3;       /* a SCALE-Sim v3 configuration: it has a v3 key or section ([layout], [sparsity],
                 * ReadRequestBuffer, ...); its COMPUTE_REPORT has v3's 7 columns */
  int sparsity; /* [sparsity] SparsitySupport: true */
} qa_ss_cfg;

/* Parse a SCALE-Sim configuration. Keys and section names in any case, as SCALE-Sim's parser
 * takes them. A key or section we do not know is a warning naming it (stderr); the offsets and
 * MemoryBanks, and SCALE-Sim v3's additions ([layout], [sparsity], ReadRequestBuffer,
 * UseRamulatorTrace, ...), are read and ignored with a note. Errors (-1, err): a malformed line
 * (with its number), a bad value, a Dataflow other than os, a missing array size. */
int qa_ss_cfg_read(const char *path, qa_ss_cfg *c, char *err);

typedef struct {
  char name[64];
  uint64_t m, k, n;  /* the GEMM (m x k) . (k x n) */
  int packed;        /* -1: not said (--packed decides), 0 full, 1 packed (the extra column) */
  int sp_n, sp_m;    /* SCALE-Sim v3's N:M sparsity column (0: not given) */
  /* convolutions: the layer as given, and its lowering (im2col, as SCALE-Sim does) */
  int conv;
  uint64_t ih, iw, fh, fw, ch, nf, stride, oh, ow;
} qa_ss_layer;

typedef struct {
  qa_ss_layer *l;
  int n;
} qa_ss_topo;

/* Parse a topology: the GEMM format ("Layer, M, N, K," rows) or the convolution format
 * ("Layer, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,
 * Strides,"), a header line first. After the layer's fields, optional ones: packed|full, and
 * SCALE-Sim v3's sparsity N:M (1 <= N <= M); any other text is a warning naming it, dropped as
 * SCALE-Sim drops it (mobilnet_paper.csv's "#dw"). A convolution becomes M = output pixels,
 * K = filter height x width x channels, N = filters, the output height
 * ceil((ifmap - filter + stride) / stride) as in SCALE-Sim; one whose name contains "DP" is
 * depthwise, split as SCALE-Sim splits it: one layer "<name>Channel_<c>" per channel, each with
 * one channel. Returns 0 or -1 with err (line). */
int qa_ss_topo_read(const char *path, int conv, qa_ss_topo *t, char *err);
void qa_ss_topo_free(qa_ss_topo *t);

#endif /* QA_SCALESIM_H */
