/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkasm harness core: CPU levels, the function registry (C reference and
 * last tested pointer per function name), failure bookkeeping, PRNG and
 * timing. Usage:
 *   checkasm [--seed N] [--bench] [--test NAME] [--list] [--check-cpu]
 * --test NAME runs only the module NAME (pixel, mc, ...) or, if no module has
 * that name, only the functions whose name contains NAME.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rth264/rth264.h"
#include "common/cpu.h"

#include "checkasm.h"

typedef struct CpuLevel {
    const char *name;
    unsigned flag;
} CpuLevel;

/* Levels are cumulative: level i enables the flags of levels 1..i. */
static const CpuLevel cpu_levels[] = {
    { "c", 0 },
#if ARCH_X86_64
    { "sse2", RTH264_CPU_SSE2 },
    { "ssse3", RTH264_CPU_SSSE3 },
    { "sse41", RTH264_CPU_SSE41 },
    { "avx2", RTH264_CPU_AVX2 },
#elif ARCH_AARCH64
    { "neon", RTH264_CPU_NEON },
    { "dotprod", RTH264_CPU_DOTPROD },
#endif
};
#define NUM_LEVELS (int)(sizeof(cpu_levels) / sizeof(cpu_levels[0]))

typedef struct Module {
    const char *name;
    void (*check)(unsigned cpu_flags);
} Module;

static const Module modules[] = {
#ifdef CHECKASM_HAVE_PIXEL
    { "pixel", checkasm_check_pixel },
#endif
#ifdef CHECKASM_HAVE_QUANT
    { "quant", checkasm_check_quant },
#endif
#ifdef CHECKASM_HAVE_HALFPEL
    { "halfpel", checkasm_check_halfpel },
#endif
#ifdef CHECKASM_HAVE_MC
    { "mc", checkasm_check_mc },
#endif
#ifdef CHECKASM_HAVE_ITX
    { "itx", checkasm_check_itx },
#endif
#ifdef CHECKASM_HAVE_IPRED
    { "ipred", checkasm_check_ipred },
#endif
#ifdef CHECKASM_HAVE_DEBLOCK
    { "deblock", checkasm_check_deblock },
#endif
#ifdef CHECKASM_HAVE_SELFTEST
    { "selftest", checkasm_check_selftest }, /* only with --test selftest */
#endif
    { NULL, NULL },
};

#define MAX_FUNCS 1024
#define NAME_LEN 64

typedef struct FuncEntry {
    char name[NAME_LEN];
    const void *ref;  /* pointer with no CPU flags: the C reference */
    const void *last; /* pointer last tested */
} FuncEntry;

/* Result of one function at one level, kept until checkasm_report(). */
typedef struct Pending {
    char name[NAME_LEN];
    int failed;
    uint64_t ref_ns_x1024, new_ns_x1024; /* 0 = not benchmarked */
} Pending;

static struct {
    uint64_t rng;
    unsigned seed;
    int bench;
    const char *filter;
    int filter_is_module;
    int level; /* index into cpu_levels */
    FuncEntry funcs[MAX_FUNCS];
    int num_funcs;
    const void *cur_ref, *cur_new;
    Pending pending[128];
    int num_pending;
    Pending *cur;
    int num_tested, num_failed;
    double speedup_log_sum;
    int speedup_count;
} state;

unsigned checkasm_clobbered;
#if CHECKASM_HAVE_CHECKED_CALL
void *const checkasm_checked_call_ptr = (void *)checkasm_checked_call;
#endif

/* ---- PRNG (xorshift64*) ------------------------------------------------- */

uint32_t checkasm_rand(void)
{
    state.rng ^= state.rng >> 12;
    state.rng ^= state.rng << 25;
    state.rng ^= state.rng >> 27;
    return (uint32_t)((state.rng * UINT64_C(2685821657736338717)) >> 32);
}

int checkasm_rand_range(int lo, int hi)
{
    uint32_t span = (uint32_t)(hi - lo) + 1;
    return lo + (int)(span ? checkasm_rand() % span : checkasm_rand());
}

void checkasm_randomize(void *buf, size_t size)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < size; i++)
        p[i] = (uint8_t)checkasm_rand();
}

/* ---- timing ------------------------------------------------------------- */

uint64_t checkasm_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void take_clobber_result(void);

int checkasm_bench_enabled(void)
{
    /* Benchmarks call the function directly: never one that broke a
     * callee-saved register. */
    take_clobber_result();
    return state.bench && state.cur && !state.cur->failed;
}

void checkasm_bench_record(uint64_t ref_ns_x1024, uint64_t new_ns_x1024)
{
    if (!state.cur)
        return;
    /* Several bench_new() calls for one function (sizes, modes): keep sums. */
    state.cur->ref_ns_x1024 += ref_ns_x1024;
    state.cur->new_ns_x1024 += new_ns_x1024 ? new_ns_x1024 : 1;
}

/* ---- registry and failures ---------------------------------------------- */

static void take_clobber_result(void)
{
    if (checkasm_clobbered && state.cur)
        checkasm_fail("callee-saved registers clobbered (mask 0x%x)",
                      checkasm_clobbered);
    checkasm_clobbered = 0;
}

static FuncEntry *find_func(const char *name)
{
    for (int i = 0; i < state.num_funcs; i++)
        if (!strcmp(state.funcs[i].name, name))
            return &state.funcs[i];
    if (state.num_funcs == MAX_FUNCS) {
        fprintf(stderr, "checkasm: too many functions\n");
        exit(2);
    }
    FuncEntry *e = &state.funcs[state.num_funcs++];
    snprintf(e->name, sizeof(e->name), "%s", name);
    return e;
}

static int filtered_out(const char *name)
{
    return state.filter && !state.filter_is_module && !strstr(name, state.filter);
}

int checkasm_check_func(const void *func, const char *name_fmt, ...)
{
    char name[NAME_LEN];
    va_list ap;
    va_start(ap, name_fmt);
    vsnprintf(name, sizeof(name), name_fmt, ap);
    va_end(ap);

    take_clobber_result();
    state.cur = NULL;
    FuncEntry *e = find_func(name);
    if (state.level == 0 || !e->ref) {
        e->ref = e->last = func; /* the C pass records the reference */
        return 0;
    }
    if (func == e->last || filtered_out(name))
        return 0;
    e->last = func;
    if (state.num_pending == (int)(sizeof(state.pending) / sizeof(state.pending[0])))
        checkasm_report("(auto)");
    Pending *p = &state.pending[state.num_pending++];
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", name);
    state.cur = p;
    state.cur_ref = e->ref;
    state.cur_new = func;
    return 1;
}

void *checkasm_ref_func(void)
{
    return (void *)state.cur_ref;
}

void *checkasm_new_func(void)
{
    return (void *)state.cur_new;
}

int checkasm_fail(const char *fmt, ...)
{
    if (!state.cur || state.cur->failed)
        return 0;
    state.cur->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s_%s: ", state.cur->name, cpu_levels[state.level].name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return 0;
}

int checkasm_check_bytes(const char *what, const void *ref, const void *out,
                         size_t stride, size_t rows)
{
    const uint8_t *a = ref, *b = out;
    for (size_t y = 0; y < rows; y++)
        for (size_t x = 0; x < stride; x++)
            if (a[y * stride + x] != b[y * stride + x]) {
                checkasm_fail("%s differs at row %zu col %zu: C %d, asm %d",
                              what, y, x, a[y * stride + x], b[y * stride + x]);
                return 1;
            }
    return 0;
}

void checkasm_report(const char *group)
{
    take_clobber_result();
    const char *isa = cpu_levels[state.level].name;
    for (int i = 0; i < state.num_pending; i++) {
        const Pending *p = &state.pending[i];
        state.num_tested++;
        state.num_failed += p->failed;
        if (p->failed || !state.bench || !p->new_ns_x1024) {
            printf(" %-6s %s_%s\n", p->failed ? "FAILED" : "ok", p->name, isa);
            continue;
        }
        double speedup = (double)p->ref_ns_x1024 / (double)p->new_ns_x1024;
        printf(" %-6s %-32s C %8.1f ns  asm %8.1f ns  x%.2f\n", "ok",
               p->name, p->ref_ns_x1024 / 1024.0, p->new_ns_x1024 / 1024.0, speedup);
        state.speedup_count++;
        state.speedup_log_sum += speedup; /* arithmetic mean, printed at the end */
    }
    (void)group;
    state.num_pending = 0;
    state.cur = NULL;
}

/* ---- driver ------------------------------------------------------------- */

/* --check-cpu: rth264_cpu_detect() must agree with the kernel's view of
 * the CPU (/proc/cpuinfo, which also drops AVX when the OS does not save
 * its state). Exit 77 (skipped) where there is no /proc/cpuinfo. */
static int check_cpu_against_cpuinfo(void)
{
    static const struct { const char *token; unsigned flag; } map[] = {
#if ARCH_X86_64
        { " sse2", RTH264_CPU_SSE2 }, { " ssse3", RTH264_CPU_SSSE3 },
        { " sse4_1", RTH264_CPU_SSE41 }, { " avx2", RTH264_CPU_AVX2 },
#elif ARCH_AARCH64
        { " asimd", RTH264_CPU_NEON }, { " asimddp", RTH264_CPU_DOTPROD },
#endif
        { NULL, 0 },
    };
    /* The line naming the features; under qemu-user the file may be the
     * host's, whose key differs: then there is nothing to compare. */
#if ARCH_X86_64
    const char *key = "flags";
#else
    const char *key = "Features";
#endif
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return 77;
    char line[4096];
    unsigned expected = 0;
    int found = 0;
    while (!found && fgets(line, sizeof(line), f)) {
        if (strncmp(line, key, strlen(key)))
            continue;
        found = 1;
        line[strcspn(line, "\n")] = ' '; /* every token now ends with a space */
        for (int i = 0; map[i].token; i++) {
            char tok[32];
            snprintf(tok, sizeof(tok), "%s ", map[i].token);
            if (strstr(line, tok))
                expected |= map[i].flag;
        }
    }
    fclose(f);
    if (!found)
        return 77;
    const unsigned detected = rth264_cpu_detect();
    printf("checkasm: cpu flags detected 0x%x, /proc/cpuinfo 0x%x\n", detected, expected);
    return detected == expected ? 0 : 1;
}

static int parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bench")) {
            state.bench = 1;
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            state.seed = (unsigned)strtoul(argv[++i], NULL, 0);
        } else if (!strncmp(argv[i], "--seed=", 7)) {
            state.seed = (unsigned)strtoul(argv[i] + 7, NULL, 0);
        } else if (!strcmp(argv[i], "--test") && i + 1 < argc) {
            state.filter = argv[++i];
        } else if (!strncmp(argv[i], "--test=", 7)) {
            state.filter = argv[i] + 7;
        } else if (!strcmp(argv[i], "--check-cpu")) {
            exit(check_cpu_against_cpuinfo());
        } else if (!strcmp(argv[i], "--list")) {
            for (const Module *m = modules; m->name; m++)
                printf("%s\n", m->name);
            exit(0);
        } else {
            fprintf(stderr, "usage: %s [--seed N] [--bench] [--test MODULE|FUNC] [--list] [--check-cpu]\n",
                    argv[0]);
            return -1;
        }
    }
    return 0;
}

/* The selftest has one good and three broken functions; it passes when the
 * harness reports exactly the three, at the first SIMD level. */
static int selftest_verdict(void)
{
    const int ok = state.num_tested == 4 && state.num_failed == 3;
    printf("checkasm: selftest %s (%d tested, %d failures reported, expected 4 and 3)\n",
           ok ? "passed" : "FAILED", state.num_tested, state.num_failed);
    return ok ? 0 : 1;
}

static void run_level(int level, unsigned flags)
{
    state.level = level;
    for (const Module *m = modules; m->name; m++) {
        if (state.filter_is_module ? strcmp(m->name, state.filter) != 0
                                   : !strcmp(m->name, "selftest"))
            continue;
        state.rng = (uint64_t)state.seed * 0x9E3779B97F4A7C15u + 1; /* same inputs each level */
        m->check(flags);
        checkasm_report(m->name);
    }
}

int main(int argc, char **argv)
{
    state.seed = (unsigned)(checkasm_now_ns() ^ (checkasm_now_ns() >> 32));
    if (parse_args(argc, argv) < 0)
        return 2;
    for (const Module *m = modules; state.filter && m->name; m++)
        if (!strcmp(m->name, state.filter))
            state.filter_is_module = 1;
    printf("checkasm: seed %u\n", state.seed);

    unsigned cpu = rth264_cpu_detect(), flags = 0;
    printf("checkasm: CPU has");
    for (int level = 1; level < NUM_LEVELS; level++)
        if (cpu & cpu_levels[level].flag)
            printf(" %s", cpu_levels[level].name);
    printf("\n");
    run_level(0, 0);
    for (int level = 1; level < NUM_LEVELS; level++) {
        if (!(cpu & cpu_levels[level].flag)) {
            printf("checkasm: CPU lacks %s, stopping there\n", cpu_levels[level].name);
            break;
        }
        flags |= cpu_levels[level].flag;
        printf("checkasm: level %s\n", cpu_levels[level].name);
        run_level(level, flags);
    }
    if (state.bench && state.speedup_count)
        printf("checkasm: mean speed-up x%.2f over %d functions\n",
               state.speedup_log_sum / state.speedup_count, state.speedup_count);
    if (state.filter && !strcmp(state.filter, "selftest"))
        return selftest_verdict();
    if (!state.num_tested)
        printf("checkasm: no SIMD function in this build or on this CPU\n");
    printf("checkasm: %d function versions tested, %d failed (seed %u)\n",
           state.num_tested, state.num_failed, state.seed);
    return state.num_failed ? 1 : 0;
}
