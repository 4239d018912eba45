/* qa_arch.h: the array's constants, in one place: what the RTL accepts, how a precision packs,
 * how long a result takes to leave, the two arrays of the paper, and the deliberate faults.
 *
 * The models (golden, cycle, memory, energy) and the host read them from here; the RTL and
 * sim/build-cfg.sh keep their own copy (Verilog and sh cannot include C), and
 * tests/test_arch.sh checks each copy against this header through the preprocessor, so a change
 * in one place fails make test until the others follow. Header only: macros and static inline
 * functions, so the fuzzers and every layer can use it without linking anything.
 */
#ifndef QA_ARCH_H
#define QA_ARCH_H

#include <stdint.h>

/* ---- what the RTL accepts (rtl/qa_top.v's parameter checks, sim/build-cfg.sh) ---- */
#define QA_ABITS 8       /* activation bits: INT8, every precision */
#define QA_DIM_MIN 2     /* ROWS and COLS */
#define QA_DIM_MAX 1024
#define QA_ACCW_MIN 16   /* accumulator bits */
#define QA_ACCW_MAX 32
#define QA_WBITS_LIST 1, 2, 4, 8 /* weight bits: binary, ternary, INT4, INT8 */
#define QA_STR(x) #x
#define QA_XSTR(x) QA_STR(x) /* a constant's value as a string literal, for messages */

/* ---- how a precision packs (PACKED mode): 8 / wbits weights per byte, lane l of a byte in
 * bits [l*wbits, l*wbits + wbits) ---- */
static inline int qa_arch_wbits_ok(int wbits) {
  return wbits == 1 || wbits == 2 || wbits == 4 || wbits == 8;
}
static inline int qa_arch_lanes(int wbits) { return qa_arch_wbits_ok(wbits) ? 8 / wbits : 0; }
/* The weight codes of one lane: binary 0 = -1, 1 = +1; ternary 2-bit two's complement, 00 = 0,
 * 01 = +1, 11 = -1, 10 illegal; INT4 and INT8 two's complement. */
#define QA_CODE_BIN_NEG 0u
#define QA_CODE_BIN_POS 1u
#define QA_CODE_TER_ZERO 0u
#define QA_CODE_TER_POS 1u
#define QA_CODE_TER_BAD 2u
#define QA_CODE_TER_NEG 3u

/* ---- timing of the output-stationary array ---- */
/* The drain: cycles from a tile's last beat entering (the input register) to its last result
 * row leaving, 2R + C + 2 (docs/cycle-model.md derives it). */
static inline uint64_t qa_os_drain(int rows, int cols) {
  return 2u * (uint64_t)rows + (uint64_t)cols + 2u;
}

/* ---- the paper's two arrays (docs/references.md): PEs, clock, SRAM and DRAM ---- */
#define QA_MIB (1024ull * 1024ull)
typedef struct {
  const char *name;
  int rows, cols;
  double clock_mhz;
  uint64_t sram, internal, a_buf, w_buf, c_buf; /* bytes */
  double dram_bpc;                              /* DRAM bytes per cycle at clock_mhz */
  uint64_t dram_lat;                            /* DRAM latency, cycles */
} qa_arch_preset;
/* Edge: 32x32 PEs, 8 MB (2 internal; A 2 / W 3 / C 1), LPDDR4X-class DRAM (4266 MT/s x 32 bit,
 * about 17 GB/s) at 500 MHz: 34 B/cycle, 64 cycles (128 ns). Cloud: 256x256, 16 MB (2 internal;
 * A 4 / W 8 / C 2), HBM2-class (about 900 GB/s) at 940 MHz: 960 B/cycle, 128 cycles (136 ns). */
#define QA_PRESET_EDGE {"edge", 32, 32, 500.0, 8 * QA_MIB, 2 * QA_MIB, 2 * QA_MIB, 3 * QA_MIB, 1 * QA_MIB, 34.0, 64}
#define QA_PRESET_CLOUD {"cloud", 256, 256, 940.0, 16 * QA_MIB, 2 * QA_MIB, 4 * QA_MIB, 8 * QA_MIB, 2 * QA_MIB, 960.0, 128}
/* The preset called name, or NULL. */
static inline const qa_arch_preset *qa_arch_preset_of(const char *name) {
  static const qa_arch_preset kPresets[] = {QA_PRESET_EDGE, QA_PRESET_CLOUD};
  for (unsigned i = 0; name && i < sizeof kPresets / sizeof kPresets[0]; i++) {
    const char *a = kPresets[i].name, *b = name;
    while (*a && *a == *b) a++, b++;
    if (*a == *b) return &kPresets[i];
  }
  return 0;
}

/* ---- builds ---- */
/* From this many PEs up, the loop mesh is the default build (it simulates faster and builds in
 * seconds at any size; below, the per-PE mesh builds as fast and is the structural reference). */
#define QA_LOOP_MESH_PES 256
/* The deliberate RTL faults of make mutants (rtl/qa_mutants.vh, `ifdef QA_MUT_<NAME>): X(name). */
#define QA_MUTANTS(X) X(sign) X(skew) X(acctrunc) X(drain) X(outvalid) X(rowtag) X(credit)

#endif /* QA_ARCH_H */
