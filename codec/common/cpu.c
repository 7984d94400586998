/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "common/cpu.h"

#if ARCH_X86_64
#include <cpuid.h>

static unsigned xgetbv0(void)
{
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return eax;
}

static unsigned detect_x86(void)
{
    unsigned eax, ebx, ecx, edx, flags = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return 0;
    if (edx & bit_SSE2)
        flags |= RTH264_CPU_SSE2;
    if (ecx & bit_SSSE3)
        flags |= RTH264_CPU_SSSE3;
    if (ecx & bit_SSE4_1)
        flags |= RTH264_CPU_SSE41;
    /* AVX2 needs the OS to save YMM state (OSXSAVE + XCR0 bits 1,2). */
    if ((ecx & bit_OSXSAVE) && (xgetbv0() & 0x6) == 0x6 &&
        __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & bit_AVX2))
        flags |= RTH264_CPU_AVX2;
    return flags;
}
#endif

#if ARCH_AARCH64
#if defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20)
#endif
#endif

static unsigned detect_aarch64(void)
{
    unsigned flags = RTH264_CPU_NEON; /* mandatory in ARMv8-A */
#if defined(__linux__)
    if (getauxval(AT_HWCAP) & HWCAP_ASIMDDP)
        flags |= RTH264_CPU_DOTPROD;
#endif
    return flags;
}
#endif

unsigned rth264_cpu_detect(void)
{
#if ARCH_X86_64
    return detect_x86();
#elif ARCH_AARCH64
    return detect_aarch64();
#else
    return 0;
#endif
}

unsigned rth264_cpu_flags(void)
{
    return rth264_cpu_detect();
}
