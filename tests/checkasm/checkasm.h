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
 *     intptr_t checkasm_checked_call(void *func, ...);
 * called as a variadic function with integer/pointer arguments only (each
 * in a full 64-bit register or stack slot); shift them by one register
 * (and copy at least 8 stack slots), OR the mask of clobbered registers into checkasm_clobbered, return
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
void checkasm_check_halfpel(unsigned cpu_flags);
void checkasm_check_mc(unsigned cpu_flags);
void checkasm_check_itx(unsigned cpu_flags);
void checkasm_check_ipred(unsigned cpu_flags);
void checkasm_check_deblock(unsigned cpu_flags);
void checkasm_check_selftest(unsigned cpu_flags);

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
/* The trampoline as a data pointer (see call_new). */
extern void *const checkasm_checked_call_ptr;
#endif

/* ---- per-function macros ------------------------------------------------ */

#define declare_func(ret, ...)                                                \
    typedef ret checkasm_func_type(__VA_ARGS__);                             \
    checkasm_func_type *func_ref = (checkasm_func_type *)checkasm_ref_func(); \
    checkasm_func_type *func_new = (checkasm_func_type *)checkasm_new_func(); \
    (void)func_ref; (void)func_new

#define call_ref(...) func_ref(__VA_ARGS__)

#if CHECKASM_HAVE_CHECKED_CALL
/* Through the trampoline, called as a variadic function so that every
 * 32-bit integer argument (int, unsigned) can be passed as a 64-bit value
 * whose upper half is garbage: both ABIs leave those bits undefined, and
 * asm that uses the full register without extending it fails here. A
 * clobbered callee-saved register fails the current function at the next
 * checkasm_check_func()/checkasm_report(). The result is converted back to
 * the function's own return type (void included). */
typedef intptr_t checkasm_variadic_type(void *, ...);
#define call_new(...)                                                         \
    ((__typeof__(func_new(__VA_ARGS__)))(                                     \
        ((checkasm_variadic_type *)checkasm_checked_call_ptr)(                \
            (void *)func_new, CHECKASM_MAP(CHECKASM_WIDEN, __VA_ARGS__))))
#else
#define call_new(...) func_new(__VA_ARGS__)
#endif

/* 32-bit integers widened to 64 bits with a garbage upper half. */
static inline int64_t checkasm_widen_int(int v)
{
    return (int64_t)(UINT64_C(0xdeadbeef00000000) | (uint32_t)v);
}

static inline uint64_t checkasm_widen_unsigned(unsigned v)
{
    return UINT64_C(0xbadc0ffe00000000) | v;
}

#define CHECKASM_WIDEN(x)                                                     \
    _Generic((x),                                                             \
        int: checkasm_widen_int((int)(intptr_t)(x)),                          \
        unsigned: checkasm_widen_unsigned((unsigned)(uintptr_t)(x)),          \
        default: (x))

/* CHECKASM_MAP(F, a, b, ...) -> F(a), F(b), ... for up to 10 arguments. */
#define CHECKASM_NARGS(...) CHECKASM_NARGS_(__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define CHECKASM_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, n, ...) n
#define CHECKASM_CAT(a, b) CHECKASM_CAT_(a, b)
#define CHECKASM_CAT_(a, b) a##b
#define CHECKASM_MAP(f, ...) CHECKASM_CAT(CHECKASM_MAP, CHECKASM_NARGS(__VA_ARGS__))(f, __VA_ARGS__)
#define CHECKASM_MAP1(f, a) f(a)
#define CHECKASM_MAP2(f, a, ...) f(a), CHECKASM_MAP1(f, __VA_ARGS__)
#define CHECKASM_MAP3(f, a, ...) f(a), CHECKASM_MAP2(f, __VA_ARGS__)
#define CHECKASM_MAP4(f, a, ...) f(a), CHECKASM_MAP3(f, __VA_ARGS__)
#define CHECKASM_MAP5(f, a, ...) f(a), CHECKASM_MAP4(f, __VA_ARGS__)
#define CHECKASM_MAP6(f, a, ...) f(a), CHECKASM_MAP5(f, __VA_ARGS__)
#define CHECKASM_MAP7(f, a, ...) f(a), CHECKASM_MAP6(f, __VA_ARGS__)
#define CHECKASM_MAP8(f, a, ...) f(a), CHECKASM_MAP7(f, __VA_ARGS__)
#define CHECKASM_MAP9(f, a, ...) f(a), CHECKASM_MAP8(f, __VA_ARGS__)
#define CHECKASM_MAP10(f, a, ...) f(a), CHECKASM_MAP9(f, __VA_ARGS__)

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
