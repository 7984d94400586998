/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm trampoline for AArch64: calls a function under test and checks
 * that it preserved the callee-saved registers of AAPCS64 (x19-x28 and the
 * low 64 bits of v8-v15, i.e. d8-d15).
 *
 *   intptr_t checkasm_checked_call(void *func, ...);   (see ../checkasm.h)
 *
 * The function's arguments follow `func`: the first seven arrive in x1-x7,
 * the rest on the stack; they are shifted down by one register before the
 * call (up to 7 + 8 = 15 integer/pointer arguments in all).  Before the call
 * every callee-saved register is loaded with a known pattern; afterwards any
 * register that differs sets its bit in the global `checkasm_clobbered`
 * (bit 0 = x19 ... bit 9 = x28, bit 10 = d8 ... bit 17 = d15), which the
 * harness turns into a failure of the function under test. The caller's own
 * registers are restored either way. */

    .section .rodata
    .p2align 4
/* Arbitrary odd 64-bit constants, all different, no zero halves. */
reg_pattern:
    .quad 0x7c2a9d3f1e5b8a61, 0x93e0f14b6a2d7c15, 0x5a8c3e7b9f1d2e47
    .quad 0xc61b47e9a3f50d2b, 0x2f9e6d1c8b4a7035, 0xe4738b2a5c9f1d63
    .quad 0x1d5f9a3c7e2b6849, 0xb83c6e1f4d9a2757, 0x4e2d8c7b1a6f3e95
    .quad 0xa7f15c3e9b2d4a1b, 0x6b3e9f2c5d8a1e73, 0xd92a4f7c1e6b3a8d
    .quad 0x38c71e5b9a2f6d45, 0xf05b3d8e2c7a1f69, 0x8e4a2c6f1b9d7e31
    .quad 0x57d93b1e8f4c2a0f, 0xcb2f7a4d3e1c9b87, 0x1a6e8d3f5c2b9e53

/* \op (stp or ldp) of the callee-saved pairs x19/x20 .. x27/x28, d8/d9 ..
 * d14/d15 at \base + \offset, \offset + 16, .. */
.macro callee_saved_pairs op, base, offset
    \op x19, x20, [\base, #\offset]
    \op x21, x22, [\base, #\offset + 16]
    \op x23, x24, [\base, #\offset + 32]
    \op x25, x26, [\base, #\offset + 48]
    \op x27, x28, [\base, #\offset + 64]
    \op d8, d9, [\base, #\offset + 80]
    \op d10, d11, [\base, #\offset + 96]
    \op d12, d13, [\base, #\offset + 112]
    \op d14, d15, [\base, #\offset + 128]
.endm

    .text
    .p2align 4
    .global checkasm_checked_call
    .type checkasm_checked_call, %function
checkasm_checked_call:
    /* Frame: x29/x30, x19-x28, d8-d15 (160 bytes), then 64 bytes for the
     * callee's stack arguments. Incoming stack arguments sit at x29 + 160. */
    stp x29, x30, [sp, #-160]!
    mov x29, sp
    callee_saved_pairs stp, sp, 16
    sub sp, sp, #64

    /* Our first stack argument becomes the callee's x7, the next eight its
     * stack arguments. Reading a few unused slots of the caller's frame is
     * harmless. */
    ldp x9, x10, [x29, #168]
    ldp x11, x12, [x29, #184]
    stp x9, x10, [sp, #0]
    stp x11, x12, [sp, #16]
    ldp x9, x10, [x29, #200]
    ldp x11, x12, [x29, #216]
    stp x9, x10, [sp, #32]
    stp x11, x12, [sp, #48]

    mov x16, x0
    mov x0, x1
    mov x1, x2
    mov x2, x3
    mov x3, x4
    mov x4, x5
    mov x5, x6
    mov x6, x7
    ldr x7, [x29, #160]

    adrp x9, reg_pattern
    add x9, x9, :lo12:reg_pattern
    callee_saved_pairs ldp, x9, 0

    blr x16

    /* Build the mask of changed registers in x13. */
    adrp x9, reg_pattern
    add x9, x9, :lo12:reg_pattern
    mov x13, #0
    .macro check_x reg, offset, bit
        ldr x10, [x9, #\offset]
        cmp x10, \reg
        cset x11, ne
        orr x13, x13, x11, lsl #\bit
    .endm
    .macro check_d reg, offset, bit
        ldr x10, [x9, #\offset]
        fmov x12, \reg
        cmp x10, x12
        cset x11, ne
        orr x13, x13, x11, lsl #\bit
    .endm
    check_x x19, 0, 0
    check_x x20, 8, 1
    check_x x21, 16, 2
    check_x x22, 24, 3
    check_x x23, 32, 4
    check_x x24, 40, 5
    check_x x25, 48, 6
    check_x x26, 56, 7
    check_x x27, 64, 8
    check_x x28, 72, 9
    check_d d8, 80, 10
    check_d d9, 88, 11
    check_d d10, 96, 12
    check_d d11, 104, 13
    check_d d12, 112, 14
    check_d d13, 120, 15
    check_d d14, 128, 16
    check_d d15, 136, 17
    adrp x9, checkasm_clobbered
    ldr w10, [x9, :lo12:checkasm_clobbered]
    orr w10, w10, w13
    str w10, [x9, :lo12:checkasm_clobbered]

    add sp, sp, #64
    callee_saved_pairs ldp, sp, 16
    ldp x29, x30, [sp], #160
    ret
    .size checkasm_checked_call, . - checkasm_checked_call

    .section .note.GNU-stack, "", %progbits
