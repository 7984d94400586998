; SPDX-License-Identifier: BSD-2-Clause
;
; Deliberately broken functions for `checkasm --test selftest`, which passes
; only if the harness reports each defect: a wrong result, a clobbered
; callee-saved register and an int argument used without sign extension.
; One correct function shows that the harness does not fail good code.

default rel
section .note.GNU-stack noalloc noexec nowrite progbits
section .text

; int64_t checkasm_selftest_widen_good(int a): (int64_t)a
global checkasm_selftest_widen_good:function hidden
checkasm_selftest_widen_good:
    movsxd rax, edi
    ret

; Same, plus one: a wrong result.
global checkasm_selftest_widen_wrong:function hidden
checkasm_selftest_widen_wrong:
    movsxd rax, edi
    inc rax
    ret

; Correct result, but rbx and r14 are destroyed (the trampoline restores them).
global checkasm_selftest_widen_clobber:function hidden
checkasm_selftest_widen_clobber:
    movsxd rax, edi
    xor ebx, ebx
    mov r14, rax
    ret

; Uses all 64 bits of an int argument, whose upper half the ABI leaves
; undefined.
global checkasm_selftest_widen_noext:function hidden
checkasm_selftest_widen_noext:
    mov rax, rdi
    ret
