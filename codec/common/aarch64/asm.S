/* SPDX-License-Identifier: BSD-2-Clause */
/* Small macro layer for the AArch64 NEON files (GNU as, ELF, AAPCS64).
 *
 *   function sad_16x16_neon      defines rth264_sad_16x16_neon, global but
 *   ...                          hidden (only the public API is exported)
 *   endfunc sad_16x16_neon
 *
 *   const name / endconst         a read-only table, 16-byte aligned
 *   movrel xN, name               PC-relative address of a table
 *
 * Register use follows AAPCS64: x0-x7 arguments, x0 result, x9-x15 scratch,
 * v0-v7 and v16-v31 scratch; only the low 64 bits of v8-v15 are callee-saved
 * and the NEON code here avoids them. */
#ifndef RTH264_AARCH64_ASM_S
#define RTH264_AARCH64_ASM_S

#include "config.h"

.macro function name, align=4
    .text
    .p2align \align
    .global rth264_\name
    .hidden rth264_\name
    .type rth264_\name, %function
rth264_\name:
.endm

.macro endfunc name
    .size rth264_\name, . - rth264_\name
.endm

.macro const name, align=4
    .section .rodata
    .p2align \align
\name:
.endm

.macro endconst
    .text
.endm

.macro movrel reg, sym
    adrp \reg, \sym
    add \reg, \reg, :lo12:\sym
.endm

/* Sign-extend an int argument: AAPCS64 leaves the upper 32 bits of a
 * w-register argument unspecified. */
.macro sxtw_arg reg
    sxtw x\reg, w\reg
.endm

/* udot vD.4s, vN.16b, vM.16b (ARMv8.2 dot product) written as its
 * encoding, so assemblers that do not know the extension's name (clang 14's)
 * build it too; callers still check RTH264_CPU_DOTPROD before use. */
.macro udot_4s d, n, m
    .inst 0x6e809400 | ((\m) << 16) | ((\n) << 5) | (\d)
.endm

    .section .note.GNU-stack, "", %progbits
    .text

#endif
