/* qa_mem.c: see qa_mem.h. */
#include "qa_mem.h"

#include "qa_arch.h"
#include "qa_golden.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int qa_mem_defaults(const char *array, qa_mem_cfg *m) {
  if (!array) return -1;
  /* the cloud preset for "cloud", the edge preset for anything else (qa_arch.h) */
  const qa_arch_preset *p = qa_arch_preset_of(strcmp(array, "cloud") ? "edge" : "cloud");
  memset(m, 0, sizeof *m);
  m->enabled = 1;
  m->internal_bytes = p->internal;
  m->sram_bytes = p->sram;
  m->a_bytes = p->a_buf;
  m->w_bytes = p->w_buf;
  m->c_bytes = p->c_buf;
  m->dram_bpc = p->dram_bpc;
  m->dram_lat = p->dram_lat;
  return 0;
}

int qa_mem_check(const qa_mem_cfg *m, char *err) {
  if (!m->enabled) return 0;
  if (m->internal_bytes > m->sram_bytes) {
    snprintf(err, QA_MEM_ERR_LEN, "internal SRAM (%llu bytes) exceeds the SRAM (%llu bytes)",
             (unsigned long long)m->internal_bytes, (unsigned long long)m->sram_bytes);
    return -1;
  }
  const uint64_t avail = m->sram_bytes - m->internal_bytes;
  if (m->a_bytes == 0 || m->w_bytes == 0 || m->c_bytes == 0) {
    snprintf(err, QA_MEM_ERR_LEN, "every SRAM buffer (A, W, C) needs at least one byte");
    return -1;
  }
  if (m->a_bytes > avail || m->w_bytes > avail - m->a_bytes ||
      m->c_bytes > avail - m->a_bytes - m->w_bytes) {
    snprintf(err, QA_MEM_ERR_LEN,
             "SRAM buffers A %llu + W %llu + C %llu bytes exceed the %llu bytes left after %llu "
             "internal",
             (unsigned long long)m->a_bytes, (unsigned long long)m->w_bytes,
             (unsigned long long)m->c_bytes, (unsigned long long)avail,
             (unsigned long long)m->internal_bytes);
    return -1;
  }
  if (!(m->dram_bpc > 0.0) || m->dram_bpc > 1e12) {
    snprintf(err, QA_MEM_ERR_LEN, "DRAM bandwidth must be above 0 bytes per cycle");
    return -1;
  }
  return 0;
}

void qa_mem_plan_free(qa_mem_plan *p) {
  free(p->tiles);
  free(p->chunks);
  p->tiles = NULL;
  p->chunks = NULL;
}

/* Weight bits as stored: WBITS in PACKED mode, 8 in FULL mode (INT8 weights or activations). */
static int stored_bits(const qa_gemm_shape *g) { return g->mode == QA_MODE_PACKED ? g->wbits : 8; }
/* K elements per beat. */
static uint64_t per_beat(const qa_gemm_shape *g) {
  return g->mode == QA_MODE_PACKED ? (uint64_t)qa_lanes(g->wbits) : 1;
}

/* Bytes of one column of W covering K elements [0, kend), packed at bits each. */
static uint64_t wcol_bytes(uint64_t kend, int bits) { return qa_ceil_div(kend * (uint64_t)bits, 8); }

/* DRAM bytes of a chunk of A of lowered bytes (qa_mem_cfg's a_dram_share). */
static uint64_t a_dram_bytes(uint64_t lowered, const qa_mem_cfg *m) {
  const double share = m->a_dram_share;
  if (!(share > 0.0 && share < 1.0)) return lowered;
  const double v = (double)lowered * share;
  const uint64_t b = (uint64_t)v;
  return (double)b < v ? b + 1 : b;
}

/* Build the chunk list for one tile order; returns DRAM read bytes, or UINT64_MAX on OOM. */
static uint64_t plan_chunks(const qa_gemm_shape *g, const qa_mem_cfg *m, qa_mem_plan *p,
                            int a_outer) {
  const uint64_t R = (uint64_t)g->rows, C = (uint64_t)g->cols;
  const uint64_t mt = qa_ceil_div(g->m, R), ntl = qa_ceil_div(g->n, C);
  const uint64_t per = per_beat(g), kt = p->kt, kc = p->kc, nq = qa_ceil_div(kt, kc);
  const int bits = stored_bits(g);
  const int enabled = m->enabled;
  uint8_t *a_have = p->a_resident ? calloc(mt * nq, 1) : NULL;
  uint8_t *w_have = p->w_resident ? calloc(ntl * nq, 1) : NULL;
  if ((p->a_resident && !a_have) || (p->w_resident && !w_have)) {
    free(a_have);
    free(w_have);
    return UINT64_MAX;
  }
  uint64_t t = 0, c = 0, total = 0;
  uint64_t prev_ai = UINT64_MAX, prev_wj = UINT64_MAX, prev_q = UINT64_MAX;
  p->dram_rd_a = p->dram_rd_w = 0;
  for (uint64_t outer = 0; outer < (a_outer ? mt : ntl); outer++) {
    for (uint64_t inner = 0; inner < (a_outer ? ntl : mt); inner++, t++) {
      const uint64_t i = a_outer ? outer : inner, j = a_outer ? inner : outer;
      qa_tile *tl = &p->tiles[t];
      tl->mt = i * R;
      tl->nt = j * C;
      tl->rows = g->m - tl->mt < R ? g->m - tl->mt : R;
      tl->cols = g->n - tl->nt < C ? g->n - tl->nt : C;
      for (uint64_t q = 0; q < nq; q++, c++) {
        qa_chunk *ch = &p->chunks[c];
        const uint64_t b0 = q * kc, nb = (b0 + kc <= kt) ? kc : kt - b0;
        ch->tile = (uint32_t)t;
        ch->first = (uint32_t)b0;
        ch->beats = (uint32_t)nb;
        ch->last = (q + 1 == nq);
        const uint64_t k0 = b0 * per, k1 = (b0 + nb) * per < g->k ? (b0 + nb) * per : g->k;
        const uint64_t abytes = a_dram_bytes(tl->rows * (k1 > k0 ? k1 - k0 : 0), m);
        const uint64_t wbytes = tl->cols * (wcol_bytes(k1, bits) - wcol_bytes(k0, bits));
        int a_in, w_in;
        if (a_have) {
          a_in = a_have[i * nq + q];
          a_have[i * nq + q] = 1;
        } else {
          a_in = (prev_ai == i && prev_q == q);
        }
        if (w_have) {
          w_in = w_have[j * nq + q];
          w_have[j * nq + q] = 1;
        } else {
          w_in = (prev_wj == j && prev_q == q);
        }
        ch->a_load = (a_in || !enabled) ? 0 : abytes;
        ch->w_load = (w_in || !enabled) ? 0 : wbytes;
        if (!a_in) p->dram_rd_a += abytes;
        if (!w_in) p->dram_rd_w += wbytes;
        prev_ai = i;
        prev_wj = j;
        prev_q = q;
      }
    }
  }
  total = p->dram_rd_a + p->dram_rd_w;
  free(a_have);
  free(w_have);
  return total;
}

/* Shrink kc so that a streamed operand's two chunks (beat bytes each beat) fit its buffer. */
static int fit_chunk(const char *name, uint64_t buf, uint64_t beat, uint64_t *kc, char *err) {
  if (buf < beat) {
    snprintf(err, QA_MEM_ERR_LEN,
             "the %s buffer (%llu bytes) cannot double-buffer one beat (%llu bytes)", name, (unsigned long long)buf, (unsigned long long)beat);
    return -1;
  }
  if (buf / beat < *kc) *kc = buf / beat;
  return 0;
}

int qa_mem_plan_make(const qa_gemm_shape *g, int accw, const qa_mem_cfg *m, qa_mem_plan *p,
                     char *err) {
  memset(p, 0, sizeof *p);
  const uint64_t R = (uint64_t)g->rows, C = (uint64_t)g->cols;
  const uint64_t per = per_beat(g);
  const int bits = stored_bits(g);
  p->kt = qa_beats_per_tile(g);
  p->ntiles = qa_tiles(g);
  const uint64_t a_all = g->m * g->k, w_all = g->n * wcol_bytes(g->k, bits);
  p->a_resident = m->enabled && a_all <= m->a_bytes;
  p->w_resident = m->enabled && w_all <= m->w_bytes;
  uint64_t kc = p->kt;
  if (m->enabled) {
    const uint64_t a_beat = 2 * R * per, w_beat = 2 * C; /* two chunks, double buffered */
    if (!p->a_resident && fit_chunk("A", m->a_bytes, a_beat, &kc, err)) return -1;
    if (!p->w_resident && fit_chunk("W", m->w_bytes, w_beat, &kc, err)) return -1;
    const uint64_t accb = (uint64_t)(accw + 7) / 8;
    if (m->c_bytes < 2 * R * C * accb) {
      snprintf(err, QA_MEM_ERR_LEN,
               "the C buffer (%llu bytes) cannot double-buffer one output tile (%llu bytes)",
               (unsigned long long)m->c_bytes, (unsigned long long)(2 * R * C * accb));
      return -1;
    }
  }
  p->kc = kc;
  p->nchunks = p->ntiles * qa_ceil_div(p->kt, kc);
  p->tiles = malloc(p->ntiles * sizeof *p->tiles);
  p->chunks = malloc(p->nchunks * sizeof *p->chunks);
  if (!p->tiles || !p->chunks) {
    qa_mem_plan_free(p);
    snprintf(err, QA_MEM_ERR_LEN, "out of memory planning %llu chunks",
             (unsigned long long)p->nchunks);
    return -1;
  }
  /* Both orders, keep the one with fewer DRAM bytes (ties: A outer). */
  uint64_t col = plan_chunks(g, m, p, 0);
  uint64_t row = plan_chunks(g, m, p, 1);
  if (col == UINT64_MAX || row == UINT64_MAX) {
    qa_mem_plan_free(p);
    snprintf(err, QA_MEM_ERR_LEN, "out of memory planning the GEMM");
    return -1;
  }
  p->a_outer = 1;
  if (col < row) {
    plan_chunks(g, m, p, 0);
    p->a_outer = 0;
  }
  const uint64_t accb = (uint64_t)(accw + 7) / 8;
  p->dram_wr_c = g->m * g->n * accb;
  p->sram_wr_c = p->dram_wr_c;
  p->sram_rd_a = qa_ceil_div(g->n, C) * a_all;
  p->sram_rd_w = qa_ceil_div(g->m, R) * w_all;
  return 0;
}

void qa_mem_chan_init(qa_mem_chan *ch, const qa_mem_cfg *m) {
  ch->m = m;
  ch->chan_free = 0;
  ch->busy_cycles = 0;
  ch->last_xfer_end = 0;
}

uint64_t qa_mem_xfer_cycles(uint64_t bytes, double bpc) {
  /* ceil(bytes / bpc); exact for integer rates, as the quotient of two exact doubles is
   * correctly rounded. */
  const double q = (double)bytes / bpc;
  uint64_t c = (uint64_t)q;
  return (double)c < q ? c + 1 : c;
}

qa_mem_bound qa_mem_bound_of(uint64_t cycles, uint64_t compute, uint64_t mem_stall,
                             uint64_t lat_stall, uint64_t dram_busy) {
  if (cycles == 0 || compute == 0) return QA_BOUND_COMPUTE;
  if ((double)dram_busy >= QA_BOUND_BUSY_SHARE * (double)compute) return QA_BOUND_BANDWIDTH;
  if ((double)mem_stall < QA_BOUND_STALL_SHARE * (double)cycles) return QA_BOUND_COMPUTE;
  return 2 * lat_stall > mem_stall ? QA_BOUND_LATENCY : QA_BOUND_BANDWIDTH;
}

const char *qa_mem_bound_name(qa_mem_bound b) {
  return b == QA_BOUND_COMPUTE ? "compute" : b == QA_BOUND_LATENCY ? "latency" : "bandwidth";
}

uint64_t qa_mem_ready(qa_mem_chan *ch, const qa_chunk *c, uint64_t req) {
  const uint64_t bytes = c->a_load + c->w_load;
  if (!ch->m->enabled || bytes == 0) return 0;
  const uint64_t start = ch->chan_free > req ? ch->chan_free : req;
  const uint64_t xfer = qa_mem_xfer_cycles(bytes, ch->m->dram_bpc);
  ch->last_xfer_end = start + xfer;
  ch->chan_free = start + xfer;
  ch->busy_cycles += xfer;
  return start + xfer + ch->m->dram_lat;
}

void qa_mem_predict(const qa_gemm_shape *g, const qa_mem_cfg *m, const qa_mem_plan *p,
                    qa_mem_result *r) {
  const uint64_t R = (uint64_t)g->rows;
  qa_mem_chan ch;
  qa_mem_chan_init(&ch, m);
  memset(r, 0, sizeof *r);
  /* Cycle numbers: beat offers and acceptances, cycle 0 = the first cycle counted. */
  uint64_t next = 0;           /* first cycle the next beat can be offered */
  uint64_t last_acc = 0;       /* cycle the previous tile's last beat entered the array */
  int have_last = 0;
  uint64_t cons[2] = {0, 0};   /* consumed-by cycle of chunks c-2 and c-1 */
  for (uint64_t c = 0; c < p->nchunks; c++) {
    const qa_chunk *k = &p->chunks[c];
    const uint64_t req = c >= 2 ? cons[c % 2] : 0;
    const uint64_t ready = qa_mem_ready(&ch, k, req);
    if (ready > next) {
      /* The stall's cycles after the chunk's last byte left the channel wait for the latency;
       * those before, for the channel (this chunk's transfer or the ones queued before it). */
      const uint64_t xfer_end = (k->a_load + k->w_load) ? ch.last_xfer_end : ready;
      r->mem_stall += ready - next;
      r->lat_stall += ready - (xfer_end > next ? xfer_end : next);
      next = ready;
    }
    /* The chunk's last beat: accepted by the interface at acc, it enters the array at enter.
     * A tile's last beat waits in qa_top's skid register for the drain interval; its SRAM slot
     * is free once the interface has taken it, the next beat is taken after it entered. */
    const uint64_t acc = next + k->beats - 1;
    uint64_t enter = acc;
    if (k->last) {
      if (have_last && enter < last_acc + R) {
        r->gap_stall += last_acc + R - enter;
        enter = last_acc + R;
      }
      last_acc = enter;
      have_last = 1;
    }
    next = enter + 1;
    cons[c % 2] = acc + 1;
  }
  r->cycles = last_acc + qa_os_drain(g->rows, g->cols);
  r->dram_busy = ch.busy_cycles;
  r->compute = qa_cycles_model(g);
}

int qa_mem_cycles(const qa_gemm_shape *g, int accw, const qa_mem_cfg *m, qa_mem_result *r,
                  qa_mem_plan *traffic, char *err) {
  qa_mem_plan p;
  if (qa_mem_plan_make(g, accw, m, &p, err)) return -1;
  qa_mem_predict(g, m, &p, r);
  if (traffic) {
    *traffic = p;
    qa_mem_plan_free(traffic);
  } else {
    qa_mem_plan_free(&p);
  }
  return 0;
}
