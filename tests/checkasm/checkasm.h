/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkasm: compares every SIMD entry of the DSP tables against the C
 * reference, bit-exactly, one CPU level at a time, and optionally times both.
 *
 * How a module test is written (see pixel.c for a full one):
 *
 *   void checkasm_check_foo(unsigned cpu_flags)
 *   {
 *       Rth264FooDsp dsp;
 *       rth264_foo_init(&dsp, cpu_flags);
 *       if (checkasm_check_func(dsp.bar, "bar_%dx%d", w, h)) {
 *           declare_func(int, const uint8_t *src, ptrdiff_t stride);
 *           ... fill inputs (checkasm_rand*, extreme values, odd strides)
 *           int a = call_ref(src, stride);
 *           int b = call_new(src, stride);
 *           if (a != b) checkasm_fail("bar: %d != %d", a, b);
 *           bench_new(src, stride);
 *       }
 *       checkasm_report("bar");
 *   }
 *
 * checkasm_check_func() returns non-zero only when the function pointer is
 * new at this CPU level (levels are enabled one at a time: x86 SSE2, SSSE3,
 * SSE4.1, AVX2; aarch64 NEON, DOTPROD), and remembers the C version (the
 * pointer seen with no CPU flags) as the reference for call_ref().
 *
 * call_new() goes through checkasm_checked_call, a per-architecture assembly
 * trampoline: it loads known values into the callee-saved registers, calls
 * the function, and ORs into checkasm_clobbered a bit per register that
 * was not preserved (x86-64: rbx rbp r12-r15; aarch64: x19-x28, d8-d15).
 * Trampoline contract (for each architecture that has one):
 *     intptr_t checkasm_checked_call(void *func, <func's own arguments>);
 * integer/pointer arguments only; shift them by one register (and copy at
 * least 8 stack slots), OR the mask of clobbered registers into checkasm_clobbered, return
 * the function's integer return value unchanged.
 */
#ifndef RTH264_TESTS_CHECKASM_H
#define RTH264_TESTS_CHECKASM_H

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Set to 1 by meson when the architecture's trampoline source exists
 * (tests/checkasm/x86/checked_call.asm, tests/checkasm/aarch64/checked_call.S). */
#ifndef CHECKASM_HAVE_CHECKED_CALL
#define CHECKASM_HAVE_CHECKED_CALL 0
#endif

/* ---- the module tests (one file each) ---------------------------------- */
void checkasm_check_pixel(unsigned cpu_flags);
void checkasm_check_quant(unsigned cpu_flags);
void checkasm_check_mc(unsigned cpu_flags);
void checkasm_check_itx(unsigned cpu_flags);
void checkasm_check_ipred(unsigned cpu_flags);
void checkasm_check_deblock(unsigned cpu_flags);
void checkasm_check_frame(unsigned cpu_flags);

/* ---- harness ------------------------------------------------------------ */

/* Non-zero when func must be tested at this level; see the top comment. */
int checkasm_check_func(const void *func, const char *name_fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The C reference and the function under test for the last check_func. */
void *checkasm_ref_func(void);
void *checkasm_new_func(void);

/* Mark the current function as failed (prints the message once). Returns 0
 * so it can be used as `return checkasm_fail(...)` where convenient. */
int checkasm_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print one line for every function checked since the last report. */
void checkasm_report(const char *group);

/* Deterministic PRNG seeded by --seed (printed at start). */
uint32_t checkasm_rand(void);
/* Uniform in [lo, hi] (inclusive). */
int checkasm_rand_range(int lo, int hi);
void checkasm_randomize(void *buf, size_t size);

/* Compare two byte buffers; on mismatch prints the first differing row/col
 * (layout: rows of `stride` bytes) and fails. Returns 0 if equal. */
int checkasm_check_bytes(const char *what, const void *ref, const void *out,
                         size_t stride, size_t rows);

int checkasm_bench_enabled(void);
uint64_t checkasm_now_ns(void);
void checkasm_bench_record(uint64_t ref_ns_x1024, uint64_t new_ns_x1024);

extern unsigned checkasm_clobbered;
#if CHECKASM_HAVE_CHECKED_CALL
intptr_t checkasm_checked_call(void *func, ...);
/* The trampoline as a data pointer, cast to each function's own prototype
 * (plus the leading func argument) at the call. */
extern void *const checkasm_checked_call_ptr;
#endif

/* ---- per-function macros ------------------------------------------------ */

#define declare_func(ret, ...)                                                \
    typedef ret checkasm_func_type(__VA_ARGS__);                             \
    typedef ret checkasm_checked_type(void *, __VA_ARGS__);                  \
    checkasm_func_type *func_ref = (checkasm_func_type *)checkasm_ref_func(); \
    checkasm_func_type *func_new = (checkasm_func_type *)checkasm_new_func(); \
    (void)func_ref; (void)func_new

#define call_ref(...) func_ref(__VA_ARGS__)

#if CHECKASM_HAVE_CHECKED_CALL
/* Through the trampoline; a clobbered register fails the current function
 * at the next checkasm_check_func()/checkasm_report(). */
#define call_new(...)                                                         \
    ((checkasm_checked_type *)checkasm_checked_call_ptr)(                 \
        (void *)func_new, __VA_ARGS__)
#else
#define call_new(...) func_new(__VA_ARGS__)
#endif

#define CHECKASM_BENCH_TRIALS 64
#define CHECKASM_BENCH_BATCH 16

/* Time func_ref and func_new with the same arguments; best of N batches. */
#define bench_new(...)                                                        \
    do {                                                                      \
        if (!checkasm_bench_enabled())                                        \
            break;                                                            \
        uint64_t best_ref_ = UINT64_MAX, best_new_ = UINT64_MAX;              \
        for (int trial_ = 0; trial_ < CHECKASM_BENCH_TRIALS; trial_++) {      \
            uint64_t t0_ = checkasm_now_ns();                                 \
            for (int k_ = 0; k_ < CHECKASM_BENCH_BATCH; k_++)                 \
                func_ref(__VA_ARGS__);                                        \
            uint64_t t1_ = checkasm_now_ns();                                 \
            for (int k_ = 0; k_ < CHECKASM_BENCH_BATCH; k_++)                 \
                func_new(__VA_ARGS__);                                        \
            uint64_t t2_ = checkasm_now_ns();                                 \
            if (t1_ - t0_ < best_ref_) best_ref_ = t1_ - t0_;                 \
            if (t2_ - t1_ < best_new_) best_new_ = t2_ - t1_;                 \
        }                                                                     \
        checkasm_bench_record(best_ref_ * 1024 / CHECKASM_BENCH_BATCH,        \
                              best_new_ * 1024 / CHECKASM_BENCH_BATCH);       \
    } while (0)

#endif
