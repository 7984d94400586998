/* SPDX-License-Identifier: BSD-2-Clause */
/* Deliberately broken functions for `checkasm --test selftest` on aarch64
 * (the x86-64 set is x86/selftest.asm): the selftest passes only if the
 * harness reports a wrong result, clobbered callee-saved registers (one
 * general, one SIMD) and an int argument used without sign extension, and
 * does not report the correct function. */

    .text

/* int64_t checkasm_selftest_widen_good(int a): (int64_t)a */
    .p2align 2
    .global checkasm_selftest_widen_good
    .hidden checkasm_selftest_widen_good
    .type checkasm_selftest_widen_good, %function
checkasm_selftest_widen_good:
    sxtw x0, w0
    ret
    .size checkasm_selftest_widen_good, . - checkasm_selftest_widen_good

/* Same, plus one: a wrong result. */
    .p2align 2
    .global checkasm_selftest_widen_wrong
    .hidden checkasm_selftest_widen_wrong
    .type checkasm_selftest_widen_wrong, %function
checkasm_selftest_widen_wrong:
    sxtw x0, w0
    add x0, x0, #1
    ret
    .size checkasm_selftest_widen_wrong, . - checkasm_selftest_widen_wrong

/* Correct result, but x21 and d10 are destroyed (the trampoline restores
 * them for the caller). */
    .p2align 2
    .global checkasm_selftest_widen_clobber
    .hidden checkasm_selftest_widen_clobber
    .type checkasm_selftest_widen_clobber, %function
checkasm_selftest_widen_clobber:
    sxtw x0, w0
    mov x21, x0
    fmov d10, x0
    ret
    .size checkasm_selftest_widen_clobber, . - checkasm_selftest_widen_clobber

/* Uses all 64 bits of an int argument, whose upper half AAPCS64 leaves
 * unspecified: wrong for negative values whenever the caller zero-extends. */
    .p2align 2
    .global checkasm_selftest_widen_noext
    .hidden checkasm_selftest_widen_noext
    .type checkasm_selftest_widen_noext, %function
checkasm_selftest_widen_noext:
    mov x0, x0
    ret
    .size checkasm_selftest_widen_noext, . - checkasm_selftest_widen_noext

    .section .note.GNU-stack, "", %progbits
