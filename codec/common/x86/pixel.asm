; SPDX-License-Identifier: BSD-2-Clause
;
; Pixel metrics for the encoder (see common/pixel.h for the contracts):
; SAD, SAD x3/x4, SATD, SSD, plane SSD, block sum/sum of squares.
; src is 16-byte aligned for 16-wide blocks; ref has no alignment and any
; (possibly negative) stride, so ref is always loaded unaligned.

%include "common/x86/x86asm.inc"

RODATA
align 32
pw_1: times 16 dw 1
pb_1_m1: times 8 db 1, -1

; ---------------------------------------------------------------------------
; Loads of one "unit" of a block into a register: one row of 16, two rows of
; 8 (row 0 low, row 1 high) or two rows of 4 (low 8 bytes; the rest zero).
; LOAD_UNIT dst, ptr, stride, width   (uses m15 as scratch for width 4)
%macro LOAD_UNIT 4
    %if %4 == 16
        movu %1, [%2]
    %elif %4 == 8
        movq %1, [%2]
        movhps %1, [%2 + %3]
    %else
        movd %1, [%2]
        movd m15, [%2 + %3]
        punpckldq %1, m15
    %endif
%endmacro

%define ROWS_PER_UNIT(w) ((w) == 16 ? 1 : 2)

; NEXT_UNIT ptr, stride, width: step ptr past one unit (1 or 2 rows)
%macro NEXT_UNIT 3
    %if ROWS_PER_UNIT(%3) == 1
        add %1, %2
    %else
        lea %1, [%1 + 2 * %2]
    %endif
%endmacro

; Horizontal sum of the dwords of register number %1 into eax (under
; INIT_YMM the upper lane is folded in first, FOLD_YMM); clobbers xmm0
; unless %1 is 0, then xmm1.
%macro HADDD_EAX 1
    %if mmsize == 32
        FOLD_YMM %1
    %endif
    %if %1 == 0
        HADDD_EAX_TMP %1, 1
    %else
        HADDD_EAX_TMP %1, 0
    %endif
%endmacro

%macro HADDD_EAX_TMP 2 ; reg, scratch
    VX pshufd, xmm%2, xmm%1, 0xE
    V paddd, xmm%1, xmm%2
    VX pshufd, xmm%2, xmm%1, 1
    V paddd, xmm%1, xmm%2
    VX movd, eax, xmm%1
%endmacro

; Fold the upper 128 bits of ymm register %1 into its lower half.
%macro FOLD_YMM 1
    vextracti128 xmm15, ymm%1, 1
    vpaddd xmm%1, xmm%1, xmm15
%endmacro

; ---------------------------------------------------------------------------
; SAD

INIT_XMM sse2

%macro SAD 2 ; w, h
FUNC sad_%1x%2
    pxor m0, m0
    %rep %2 / ROWS_PER_UNIT(%1)
        LOAD_UNIT m1, p0, p1, %1
        LOAD_UNIT m2, p2, p3, %1
        psadbw m1, m2
        paddd m0, m1
        NEXT_UNIT p0, p1, %1
        NEXT_UNIT p2, p3, %1
    %endrep
    HADDD_EAX 0
    RET
%endmacro

; 16-wide: src is aligned, so psadbw reads it straight from memory; two
; accumulators halve the dependency chain.
%macro SAD16 1 ; h
FUNC sad_16x%1
    movu m0, [p2]
    psadbw m0, [p0]
    movu m1, [p2 + p3]
    psadbw m1, [p0 + p1]
    %rep %1 / 2 - 1
        lea p0, [p0 + 2 * p1]
        lea p2, [p2 + 2 * p3]
        movu m2, [p2]
        psadbw m2, [p0]
        movu m3, [p2 + p3]
        psadbw m3, [p0 + p1]
        paddd m0, m2
        paddd m1, m3
    %endrep
    paddd m0, m1
    HADDD_EAX 0
    RET
%endmacro

SAD16 16
SAD16 8
SAD 8, 16
SAD 8, 8
SAD 8, 4
SAD 4, 8
SAD 4, 4

; sad_xN: one src block against N refs sharing ref_stride.
; x3: (src, src_stride, ref0, ref1, ref2, ref_stride, scores)
; x4: (src, src_stride, ref0, ref1, ref2, ref3, ref_stride, scores)
; One body for SSE2 (a unit is LOAD_UNIT's) and AVX2 (16 wide only: a unit
; is two rows of 16 in one ymm, LOAD_2ROWS16). Accumulators m8..m11.
%define SAD_X_ROWS(w) (mmsize == 32 ? 2 : ROWS_PER_UNIT(w))

; SAD_X_LOAD reg number, ptr, stride, width
%macro SAD_X_LOAD 4
    %if mmsize == 32
        LOAD_2ROWS16 %1, %2, %3
    %else
        LOAD_UNIT m%1, %2, %3, %4
    %endif
%endmacro

%macro SAD_XN 3 ; n, w, h
FUNC sad_x%1_%2x%3
    %if %1 == 3
        %define %%rs p5
        mov t1, STACK_ARG(6)
    %else
        mov t0, STACK_ARG(6)
        %define %%rs t0
        mov t1, STACK_ARG(7)
    %endif
    V pxor, m8, m8
    V pxor, m9, m9
    V pxor, m10, m10
    V pxor, m11, m11
    %assign %%r SAD_X_ROWS(%2)
    %rep %3 / %%r
        SAD_X_LOAD 4, p0, p1, %2
        SAD_X_LOAD 0, p2, %%rs, %2
        SAD_X_LOAD 1, p3, %%rs, %2
        SAD_X_LOAD 2, p4, %%rs, %2
        V psadbw, m0, m4
        V psadbw, m1, m4
        V psadbw, m2, m4
        V paddd, m8, m0
        V paddd, m9, m1
        V paddd, m10, m2
        %if %1 == 4
            SAD_X_LOAD 3, p5, %%rs, %2
            V psadbw, m3, m4
            V paddd, m11, m3
        %endif
        lea p0, [p0 + %%r * p1]
        lea p2, [p2 + %%r * %%rs]
        lea p3, [p3 + %%r * %%rs]
        lea p4, [p4 + %%r * %%rs]
        %if %1 == 4
            lea p5, [p5 + %%r * %%rs]
        %endif
    %endrep
    %assign %%i 0
    %rep %1
        %assign %%acc 8 + %%i
        %if mmsize == 32
            vextracti128 xmm0, ymm%[%%acc], 1
            vpaddd xmm0, xmm0, xmm%[%%acc]
            vpshufd xmm1, xmm0, 0xE
            vpaddd xmm0, xmm0, xmm1
            vmovd [t1 + 4 * %%i], xmm0
        %else
            pshufd m0, m%[%%acc], 0xE
            paddd m0, m%[%%acc]
            movd [t1 + 4 * %%i], m0
        %endif
        %assign %%i %%i + 1
    %endrep
    RET
%endmacro

%macro SAD_X_ALL 1
    SAD_XN %1, 16, 16
    SAD_XN %1, 16, 8
    SAD_XN %1, 8, 16
    SAD_XN %1, 8, 8
    SAD_XN %1, 8, 4
    SAD_XN %1, 4, 8
    SAD_XN %1, 4, 4
%endmacro

SAD_X_ALL 3
SAD_X_ALL 4

; AVX2: two 16-wide rows per ymm register.
INIT_YMM avx2

; LOAD_2ROWS16 dst, ptr, stride
%macro LOAD_2ROWS16 3
    vmovdqu xm%1, [%2]
    vinserti128 ymm%1, ymm%1, [%2 + %3], 1
%endmacro

%macro SAD16_AVX2 1 ; h
FUNC sad_16x%1
    vpxor m0, m0, m0
    %rep %1 / 2
        LOAD_2ROWS16 1, p0, p1
        LOAD_2ROWS16 2, p2, p3
        vpsadbw m1, m1, m2
        vpaddd m0, m0, m1
        lea p0, [p0 + 2 * p1]
        lea p2, [p2 + 2 * p3]
    %endrep
    HADDD_EAX 0
    RET
%endmacro

SAD16_AVX2 16
SAD16_AVX2 8

SAD_XN 3, 16, 16
SAD_XN 3, 16, 8
SAD_XN 4, 16, 16
SAD_XN 4, 16, 8

; ---------------------------------------------------------------------------
; SATD. Per 4x4 block the unnormalised 2-D Hadamard is done as a vertical
; butterfly pass across four row registers, a word transpose, and one
; horizontal butterfly stage. The last stage uses |a+b| + |a-b| =
; 2 * max(|a|, |b|): since the contract halves the total once at the end,
; summing max(|a|, |b|) gives the result exactly, with no final shift.

; SUMSUB a, b: a = a + b, b = b - a  (a Hadamard row up to sign, which
; the absolute values ignore)
%macro SUMSUB 2
    V paddw, %1, %2
    V paddw, %2, %2
    V psubw, %2, %1
%endmacro

%macro ABSW 2 ; reg, scratch
    %ifidn ISA, sse2
        pxor %2, %2
        psubw %2, %1
        pmaxsw %1, %2
    %else
        VX pabsw, %1, %1
    %endif
%endmacro

; m0..m3: four rows of word differences, each holding two 4x4 blocks side by
; side (per 128-bit lane). Adds their SATD (dwords) to m7. Clobbers m0-m5.
%macro SATD_CORE 0
    SUMSUB m0, m1
    SUMSUB m2, m3
    SUMSUB m0, m2
    SUMSUB m1, m3
    mova m4, m0
    V punpcklwd, m0, m1
    V punpckhwd, m4, m1
    mova m5, m2
    V punpcklwd, m2, m3
    V punpckhwd, m5, m3
    mova m1, m0
    V punpckldq, m0, m2     ; block A columns 0, 1
    V punpckhdq, m1, m2     ; block A columns 2, 3
    mova m3, m4
    V punpckldq, m4, m5     ; block B columns 0, 1
    V punpckhdq, m3, m5     ; block B columns 2, 3
    mova m2, m0
    V punpcklqdq, m0, m4    ; column 0 of A and B
    V punpckhqdq, m2, m4    ; column 1
    mova m4, m1
    V punpcklqdq, m1, m3    ; column 2
    V punpckhqdq, m4, m3    ; column 3
    SUMSUB m0, m2
    SUMSUB m1, m4
    ABSW m0, m3
    ABSW m2, m3
    ABSW m1, m3
    ABSW m4, m3
    V pmaxsw, m0, m1
    V pmaxsw, m2, m4
    V paddw, m0, m2
    V pmaddwd, m0, [pw_1]
    V paddd, m7, m0
%endmacro

; WIDEN_SUB dst, ref: dst = dst - ref as words, from the low 8 bytes of
; each (m6 must be zero).
%macro WIDEN_SUB 2
    punpcklbw %1, m6
    punpcklbw %2, m6
    psubw %1, %2
%endmacro

; LOAD_2ROWS4 dst, scratch, mem0, mem1: two 4-byte rows into the low 8 bytes.
%macro LOAD_2ROWS4 4
    movd %1, %3
    movd %2, %4
    punpckldq %1, %2
%endmacro

; LOAD_DIFF dst, scratch, src_mem, ref_mem: word differences of 8 (xmm) or
; 16 (ymm) samples. m6 must be zero for the xmm form.
%macro LOAD_DIFF 4
    %if mmsize == 32
        vpmovzxbw %1, %3
        vpmovzxbw %2, %4
        vpsubw %1, %1, %2
    %else
        movq %1, %3
        movq %2, %4
        WIDEN_SUB %1, %2
    %endif
%endmacro

; Rows 0..3 at column offset %1 (t0 = 3 * src_stride, t1 = 3 * ref_stride).
%macro LOAD_4ROWS 1
    LOAD_DIFF m0, m4, [p0 + %1], [p2 + %1]
    LOAD_DIFF m1, m4, [p0 + p1 + %1], [p2 + p3 + %1]
    LOAD_DIFF m2, m4, [p0 + 2 * p1 + %1], [p2 + 2 * p3 + %1]
    LOAD_DIFF m3, m4, [p0 + t0 + %1], [p2 + t1 + %1]
%endmacro

; 4-wide rows k (low half) and k+4 (high half) as word differences.
; LOAD_DIFF4 dst, src_k, src_k4, ref_k, ref_k4  (scratch m4, m5)
%macro LOAD_DIFF4 5
    LOAD_2ROWS4 %1, m4, %2, %3
    LOAD_2ROWS4 m4, m5, %4, %5
    WIDEN_SUB %1, m4
%endmacro

%macro SATD_FINISH 0
    HADDD_EAX 7
    RET
%endmacro

; satd_WxH for W = 8, 16 (xmm: 8 columns per pass; ymm: 16)
%macro SATD 2
FUNC satd_%1x%2
    %if mmsize == 16
        pxor m6, m6
    %endif
    V pxor, m7, m7
    lea t0, [3 * p1]
    lea t1, [3 * p3]
    %rep %2 / 4
        %assign %%x 0
        %rep %1 / (mmsize / 2)
            LOAD_4ROWS %%x
            SATD_CORE
            %assign %%x %%x + mmsize / 2
        %endrep
        lea p0, [p0 + 4 * p1]
        lea p2, [p2 + 4 * p3]
    %endrep
    SATD_FINISH
%endmacro

; 4x4 (upper half of each register zero) and 4x8 (rows 4..7 in the upper half)
%macro SATD_4 0
FUNC satd_4x4
    pxor m6, m6
    pxor m7, m7
    lea t0, [3 * p1]
    lea t1, [3 * p3]
    movd m0, [p0]
    movd m1, [p0 + p1]
    movd m2, [p0 + 2 * p1]
    movd m3, [p0 + t0]
    movd m4, [p2]
    WIDEN_SUB m0, m4
    movd m4, [p2 + p3]
    WIDEN_SUB m1, m4
    movd m4, [p2 + 2 * p3]
    WIDEN_SUB m2, m4
    movd m4, [p2 + t1]
    WIDEN_SUB m3, m4
    SATD_CORE
    SATD_FINISH
%endmacro

%macro SATD_4x8_ONLY 0
FUNC satd_4x8
    pxor m6, m6
    pxor m7, m7
    lea t0, [3 * p1]
    lea t1, [3 * p3]
    lea p4, [p0 + 4 * p1]   ; src row 4
    lea p5, [p2 + 4 * p3]   ; ref row 4
    LOAD_DIFF4 m0, [p0], [p4], [p2], [p5]
    LOAD_DIFF4 m1, [p0 + p1], [p4 + p1], [p2 + p3], [p5 + p3]
    LOAD_DIFF4 m2, [p0 + 2 * p1], [p4 + 2 * p1], [p2 + 2 * p3], [p5 + 2 * p3]
    LOAD_DIFF4 m3, [p0 + t0], [p4 + t0], [p2 + t1], [p5 + t1]
    SATD_CORE
    SATD_FINISH
%endmacro

%macro SATD_ALL 0
    SATD 16, 16
    SATD 16, 8
    SATD 8, 16
    SATD 8, 8
    SATD 8, 4
    SATD_4
    SATD_4x8_ONLY
%endmacro

INIT_XMM sse2
SATD_ALL
INIT_XMM ssse3
SATD 16, 16
SATD 16, 8
SATD 8, 16
SATD 8, 8
SATD 8, 4

; 4x4 with the whole block in two registers (rows 0-1 and 2-3): pmaddubsw
; of (src, ref) byte pairs with (1, -1) gives the differences, two
; butterfly passes across and within the registers make the vertical
; Hadamard, a word transpose and one more butterfly the horizontal one, and
; the last stage is again |a+b| + |a-b| = 2 max(|a|, |b|).
FUNC satd_4x4
    lea t0, [3 * p1]
    lea t1, [3 * p3]
    LOAD_2ROWS4 m0, m1, [p0], [p0 + p1]
    LOAD_2ROWS4 m2, m1, [p0 + 2 * p1], [p0 + t0]
    LOAD_2ROWS4 m3, m1, [p2], [p2 + p3]
    LOAD_2ROWS4 m4, m1, [p2 + 2 * p3], [p2 + t1]
    mova m5, [pb_1_m1]
    punpcklbw m0, m3
    punpcklbw m2, m4
    pmaddubsw m0, m5        ; rows 0 | 1 of src - ref
    pmaddubsw m2, m5        ; rows 2 | 3
    SUMSUB m0, m2           ; [r0+r2 | r1+r3], [r2-r0 | r3-r1]
    mova m1, m0
    punpcklqdq m0, m2
    punpckhqdq m1, m2
    SUMSUB m0, m1           ; the four vertical Hadamard rows, two per register
    mova m2, m0
    punpcklwd m0, m1
    punpckhwd m2, m1
    mova m1, m0
    punpckldq m0, m2        ; columns 0 | 1
    punpckhdq m1, m2        ; columns 2 | 3
    SUMSUB m0, m1           ; [c0+c2 | c1+c3], [c2-c0 | c3-c1]
    pabsw m0, m0
    pabsw m1, m1
    mova m2, m0
    punpcklqdq m0, m1
    punpckhqdq m2, m1
    pmaxsw m0, m2
    pmaddwd m0, [pw_1]
    pshufd m1, m0, 0xE
    paddd m0, m1
    pshufd m1, m0, 1
    paddd m0, m1
    movd eax, m0
    RET

SATD_4x8_ONLY
INIT_YMM avx2
SATD 16, 16
SATD 16, 8

; 8-wide blocks in ymm: row r of a group of 8 rows in the low lane, row r + 4
; in the high lane, so one SATD_CORE covers an 8x8 block.
; LOAD_DIFF8x2 dst, scratch, row offset expression for src, for ref
; (p4 = src + 4 * src_stride, p5 = ref + 4 * ref_stride)
%macro LOAD_DIFF8x2 4
    vmovq xmm%1, [p0 + %3]
    vmovhps xmm%1, xmm%1, [p4 + %3]
    vmovq xmm%2, [p2 + %4]
    vmovhps xmm%2, xmm%2, [p5 + %4]
    vpmovzxbw ymm%1, xmm%1
    vpmovzxbw ymm%2, xmm%2
    vpsubw ymm%1, ymm%1, ymm%2
%endmacro

%macro SATD8_AVX2 1 ; h
FUNC satd_8x%1
    vpxor m7, m7, m7
    lea t0, [3 * p1]
    lea t1, [3 * p3]
    %rep %1 / 8
        lea p4, [p0 + 4 * p1]
        lea p5, [p2 + 4 * p3]
        LOAD_DIFF8x2 0, 4, 0, 0
        LOAD_DIFF8x2 1, 4, p1, p3
        LOAD_DIFF8x2 2, 4, 2 * p1, 2 * p3
        LOAD_DIFF8x2 3, 4, t0, t1
        SATD_CORE
        lea p0, [p0 + 8 * p1]
        lea p2, [p2 + 8 * p3]
    %endrep
    SATD_FINISH
%endmacro

SATD8_AVX2 8
SATD8_AVX2 16

; ---------------------------------------------------------------------------
; SSD: |a - b| per byte from two saturating subtractions, widened to words,
; squared and pair-summed with pmaddwd.

INIT_XMM sse2

; SQR_ACC reg, scratch: add the squares of the 16 bytes of reg to m7 (m6 = 0)
%macro SQR_ACC 2
    mova %2, %1
    punpcklbw %1, m6
    punpckhbw %2, m6
    pmaddwd %1, %1
    pmaddwd %2, %2
    paddd m7, %1
    paddd m7, %2
%endmacro

; ABSDIFF_B a, b, scratch: a = |a - b| per unsigned byte
%macro ABSDIFF_B 3
    mova %3, %1
    psubusb %1, %2
    psubusb %2, %3
    por %1, %2
%endmacro

%macro SSD 2 ; w, h
FUNC ssd_%1x%2
    pxor m6, m6
    pxor m7, m7
    %rep %2 / ROWS_PER_UNIT(%1)
        LOAD_UNIT m0, p0, p1, %1
        LOAD_UNIT m1, p2, p3, %1
        ABSDIFF_B m0, m1, m2
        SQR_ACC m0, m1
        NEXT_UNIT p0, p1, %1
        NEXT_UNIT p2, p3, %1
    %endrep
    HADDD_EAX 7
    RET
%endmacro

SSD 16, 16
SSD 16, 8
SSD 8, 16
SSD 8, 8
SSD 8, 4
SSD 4, 8
SSD 4, 4

INIT_YMM avx2

%macro SSD16_AVX2 1 ; h
FUNC ssd_16x%1
    vpxor m7, m7, m7
    %rep %1
        vpmovzxbw m0, [p0]
        vpmovzxbw m1, [p2]
        vpsubw m0, m0, m1
        vpmaddwd m0, m0, m0
        vpaddd m7, m7, m0
        add p0, p1
        add p2, p3
    %endrep
    HADDD_EAX 7
    RET
%endmacro

SSD16_AVX2 16
SSD16_AVX2 8

; SSD_SCALAR_TAIL: label .tail of ssd_plane; adds the squared differences
; of the row's columns t0 .. w-1 (p4) to s0 one by one, then goes to .row_end
%macro SSD_SCALAR_TAIL 0
.tail:
    cmp t0, p4
    jge .row_end
    movzx t2d, byte [p0 + t0]
    movzx s1d, byte [p2 + t0]
    sub t2d, s1d
    imul t2d, t2d
    add s0, t2
    inc t0
    jmp .tail
%endmacro

; The frame of ssd_plane (SSE2 and AVX2): SSD_PLANE_START sign-extends w
; and h, clears s0 (scalar tail sum), m6 (zero), m5 (qword total), returns
; at .done for h <= 0, sets t1 = w - mmsize (the last column a full vector
; may start at) and opens the row loop (.row: m7 = row sum, t0 = column).
%macro SSD_PLANE_START 0
    SXD p4
    SXD p5
    xor s0d, s0d
    V pxor, m6, m6
    V pxor, m5, m5
    test p5, p5
    jle .done
    lea t1, [p4 - mmsize]
.row:
    V pxor, m7, m7
    xor t0d, t0d
%endmacro

; SSD_PLANE_NEXT_ROW: both pointers to the next row, loop while rows remain.
%macro SSD_PLANE_NEXT_ROW 0
    add p0, p1
    add p2, p3
    dec p5
    jg .row
%endmacro

; uint64_t ssd_plane(a, a_stride, b, b_stride, int w, int h)
; 16 samples at a time, then one at a time for the rest of each row. Row
; sums stay in dwords (255^2 * 2 * w/16 per lane), widened per row.
INIT_XMM sse2
FUNC ssd_plane, 2
    SSD_PLANE_START
.loop16:
    cmp t0, t1
    jg .tail
    movu m0, [p0 + t0]
    movu m1, [p2 + t0]
    ABSDIFF_B m0, m1, m2
    SQR_ACC m0, m1
    add t0, 16
    jmp .loop16
    SSD_SCALAR_TAIL
.row_end:
    mova m0, m7
    punpckldq m7, m6
    punpckhdq m0, m6
    paddq m5, m7
    paddq m5, m0
    SSD_PLANE_NEXT_ROW
.done:
    pshufd m0, m5, 0xE
    paddq m5, m0
    movq rax, m5
    add rax, s0
    RET

; uint64_t var_WxW(src, stride): sum | sum_of_squares << 32
; VAR_RETURN: returns the dword sums of m5 (sum) | m7 (squares) << 32.
%macro VAR_RETURN 0
    HADDD_EAX 7
    mov t1d, eax
    HADDD_EAX 5
    shl t1, 32
    or rax, t1
    RET
%endmacro

%macro VAR 1 ; w (16 or 8)
FUNC var_%1x%1
    pxor m6, m6
    pxor m7, m7
    pxor m5, m5
    %rep %1 / ROWS_PER_UNIT(%1)
        LOAD_UNIT m0, p0, p1, %1
        mova m1, m0
        psadbw m1, m6
        paddd m5, m1
        SQR_ACC m0, m1
        NEXT_UNIT p0, p1, %1
    %endrep
    VAR_RETURN
%endmacro

VAR 16
VAR 8

; AVX2 plane SSD and 16x16 variance: 32 samples (two 16-sample rows for
; the variance) per step. VEX.128 results are added into the ymm sums with
; ymm operations (a 128-bit VEX write clears the upper half).
INIT_YMM avx2

; SQR_ACC_Y src_n: add the squares of the bytes of ymm src_n to m7 (m6 = 0)
%macro SQR_ACC_Y 1
    vpunpcklbw m1, m%1, m6
    vpunpckhbw m%1, m%1, m6
    vpmaddwd m1, m1, m1
    vpmaddwd m%1, m%1, m%1
    vpaddd m7, m7, m1
    vpaddd m7, m7, m%1
%endmacro

FUNC ssd_plane, 2
    SSD_PLANE_START
.loop32:
    cmp t0, t1
    jg .tail16
    vmovdqu m0, [p0 + t0]
    vmovdqu m1, [p2 + t0]
    vpsubusb m2, m0, m1
    vpsubusb m1, m1, m0
    vpor m0, m2, m1
    SQR_ACC_Y 0
    add t0, 32
    jmp .loop32
.tail16:
    lea t2, [t0 + 16]
    cmp t2, p4
    jg .tail
    vmovdqu xm0, [p0 + t0]
    vmovdqu xm1, [p2 + t0]
    vpsubusb xm2, xm0, xm1
    vpsubusb xm1, xm1, xm0
    vpor xm0, xm2, xm1      ; upper lane zero: squares 0
    SQR_ACC_Y 0
    add t0, 16
    SSD_SCALAR_TAIL
.row_end:
    vpunpckldq m0, m7, m6
    vpunpckhdq m7, m7, m6
    vpaddq m5, m5, m0
    vpaddq m5, m5, m7
    SSD_PLANE_NEXT_ROW
.done:
    vextracti128 xm0, m5, 1
    vpaddq xm5, xm5, xm0
    vpshufd xm0, xm5, 0xE
    vpaddq xm5, xm5, xm0
    vmovq rax, xm5
    add rax, s0
    RET

FUNC var_16x16
    vpxor m6, m6, m6
    vpxor m7, m7, m7
    vpxor m5, m5, m5
    %rep 8
        LOAD_2ROWS16 0, p0, p1
        vpsadbw m1, m0, m6
        vpaddd m5, m5, m1
        SQR_ACC_Y 0
        lea p0, [p0 + 2 * p1]
    %endrep
    VAR_RETURN

END_FUNCS
