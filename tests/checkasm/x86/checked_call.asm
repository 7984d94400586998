; SPDX-License-Identifier: BSD-2-Clause
;
; checkasm_checked_call(func, args...) for x86-64 System V.
; Calls func(args...) with known values in the callee-saved registers
; (rbx rbp r12 r13 r14 r15) and garbage in the scratch ones, then ORs a bit
; per callee-saved register that changed into checkasm_clobbered
; (bit 0 rbx, 1 rbp, 2 r12, 3 r13, 4 r14, 5 r15). Arguments shift down by
; one register; 8 stack slots are copied for functions with more than six
; arguments. The return value (rax) is passed through.

default rel
section .note.GNU-stack noalloc noexec nowrite progbits

extern checkasm_clobbered

%define NUM_STACK_ARGS 8
; 6 pushes + locals keep rsp 16-byte aligned at the inner call.
%define FRAME (8 * NUM_STACK_ARGS + 8)
; Entry rsp relative to rsp after the pushes and the frame.
%define ENTRY (FRAME + 6 * 8)

%macro MAGIC 2 ; reg, value
    mov %1, %2
%endmacro

section .text
global checkasm_checked_call:function hidden
align 16
checkasm_checked_call:
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    sub rsp, FRAME
    ; Our stack argument k (func's argument 5 + k) is at [entry + 8 + 8k]:
    ; argument 5 goes in r9, 6.. move to the new frame.
%assign i 0
%rep NUM_STACK_ARGS
    mov rax, [rsp + ENTRY + 16 + 8 * i]
    mov [rsp + 8 * i], rax
%assign i i+1
%endrep
    mov rax, rdi
    mov rdi, rsi
    mov rsi, rdx
    mov rdx, rcx
    mov rcx, r8
    mov r8, r9
    mov r9, [rsp + ENTRY + 8]
    MAGIC rbx, 0x1badc0de5eed0001
    MAGIC rbp, 0x1badc0de5eed0002
    MAGIC r12, 0x1badc0de5eed0003
    MAGIC r13, 0x1badc0de5eed0004
    MAGIC r14, 0x1badc0de5eed0005
    MAGIC r15, 0x1badc0de5eed0006
    mov r10, 0xdeadbeefdeadbeef
    mov r11, 0xdeadbeefdeadbeef
    call rax
    xor r11d, r11d
%macro CHECK 3 ; reg, value, bit
    mov r10, %2
    cmp %1, r10
    je %%ok
    or r11d, %3
%%ok:
%endmacro
    CHECK rbx, 0x1badc0de5eed0001, 1
    CHECK rbp, 0x1badc0de5eed0002, 2
    CHECK r12, 0x1badc0de5eed0003, 4
    CHECK r13, 0x1badc0de5eed0004, 8
    CHECK r14, 0x1badc0de5eed0005, 16
    CHECK r15, 0x1badc0de5eed0006, 32
    or [checkasm_clobbered], r11d
    add rsp, FRAME
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret
