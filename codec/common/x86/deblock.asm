; SPDX-License-Identifier: BSD-2-Clause
;
; Deblocking edge filters (8.7.2.3 bS < 4, 8.7.2.4 bS = 4), see
; common/deblock.h. Eight lines of an edge are filtered at a time in 16-bit
; lanes: a horizontal edge (*_h) loads its rows directly, a vertical edge
; (*_v) transposes an 8x8 (luma) or 8x4 (chroma) byte block first. The
; luma vertical-edge loads read p3 and q3 too (they exist for every edge
; that is filtered); stores write only what the filter may change, except
; luma_intra_v, which rewrites p3/q3 with their unchanged values.
; The red zone below rsp holds temporaries (these are leaf functions).

%include "common/x86/x86asm.inc"

RODATA
align 16
pw_1: times 8 dw 1
pw_2: times 8 dw 2
pw_4: times 8 dw 4

INIT_XMM ssse3

; ABSDIFF dst, a, b: dst = |a - b| (words)
%macro ABSDIFF 3
    mova %1, %2
    psubw %1, %3
    pabsw %1, %1
%endmacro

; LT_MASK dst, thr, x: dst = thr > x ? -1 : 0 (words)
%macro LT_MASK 3
    mova %1, %2
    pcmpgtw %1, %3
%endmacro

; BLEND dst, src, mask: dst = mask ? src : dst (src is destroyed)
%macro BLEND 3
    pxor %2, %1
    pand %2, %3
    pxor %1, %2
%endmacro

%macro SPLATW 1
    pshuflw %1, %1, 0
    punpcklqdq %1, %1
%endmacro

; FILTER_MASK dst, s1, s2: |p0-q0| < alpha && |p1-p0| < beta && |q1-q0| < beta
; (8-460; m10 p1, m11 p0, m12 q0, m13 q1, m8 alpha, m15 beta)
%macro FILTER_MASK 3
    ABSDIFF %2, m11, m12
    LT_MASK %1, m8, %2
    ABSDIFF %2, m10, m11
    LT_MASK %3, m15, %2
    pand %1, %3
    ABSDIFF %2, m13, m12
    LT_MASK %3, m15, %2
    pand %1, %3
%endmacro

; The bS < 4 delta (8-475): Clip3(-tc, tc, ((q0 - p0) * 4 + (p1 - q1) + 4) >> 3)
; into m0, for tc in %1 (>= 0); scratch m1.
%macro DELTA 1
    mova m0, m12
    psubw m0, m11
    psllw m0, 2
    paddw m0, m10
    psubw m0, m13
    paddw m0, [pw_4]
    psraw m0, 3
    pminsw m0, %1
    pxor m1, m1
    psubw m1, %1
    pmaxsw m0, m1
%endmacro

; Luma bS < 4 on words m9 p2, m10 p1, m11 p0, m12 q0, m13 q1, m14 q2 with
; m8 alpha, m15 beta, m7 tc0 (-1: segment untouched). Updates m10..m13.
%macro LUMA_NORMAL_CORE 0
    FILTER_MASK m6, m0, m1
    pcmpeqw m1, m1
    mova m2, m7
    pcmpgtw m2, m1          ; tc0 >= 0
    pand m6, m2             ; filterSamplesFlag
    ABSDIFF m0, m9, m11
    LT_MASK m4, m15, m0
    pand m4, m6             ; ap (8-471), filtered lines only
    ABSDIFF m0, m14, m12
    LT_MASK m5, m15, m0
    pand m5, m6             ; aq
    mova m3, m7
    psubw m3, m4
    psubw m3, m5            ; tc = tc0 + ap + aq (8-473)
    pand m3, m6             ; 0 on unfiltered lines: delta 0
    DELTA m3
    mova m2, m11
    paddw m2, m12
    paddw m2, [pw_1]
    psraw m2, 1             ; (p0 + q0 + 1) >> 1
    mova m1, m9
    paddw m1, m2
    psubw m1, m10
    psubw m1, m10
    psraw m1, 1
    pxor m3, m3
    psubw m3, m7            ; -tc0
    pminsw m1, m7
    pmaxsw m1, m3
    pand m1, m4             ; p1 change (8-479)
    paddw m2, m14
    psubw m2, m13
    psubw m2, m13
    psraw m2, 1
    pminsw m2, m7
    pmaxsw m2, m3
    pand m2, m5             ; q1 change (8-481)
    paddw m10, m1
    paddw m13, m2
    paddw m11, m0           ; p0 + delta, clipped by the final pack
    psubw m12, m0
%endmacro

; Luma bS = 4 (8.7.2.4) on words m8..m15 = p3 p2 p1 p0 q0 q1 q2 q3, alpha in
; p2d, beta in p3d. Updates m9..m14.
%macro LUMA_INTRA_CORE 0
    movd m0, p2d
    SPLATW m0
    movd m1, p3d
    SPLATW m1
    ABSDIFF m2, m11, m12
    LT_MASK m5, m0, m2
    ABSDIFF m3, m10, m11
    LT_MASK m4, m1, m3
    pand m5, m4
    ABSDIFF m3, m13, m12
    LT_MASK m4, m1, m3
    pand m5, m4             ; filterSamplesFlag
    psraw m0, 2
    paddw m0, [pw_2]
    pcmpgtw m0, m2          ; |p0 - q0| < (alpha >> 2) + 2
    pand m0, m5
    ABSDIFF m3, m9, m11
    LT_MASK m6, m1, m3
    pand m6, m0             ; strong filter on the p side
    ABSDIFF m3, m14, m12
    LT_MASK m7, m1, m3
    pand m7, m0             ; strong filter on the q side
    mova [rsp - 24], m10    ; original p1, p0 for the q side
    mova [rsp - 40], m11
    ; p side (8-485 .. 8-488)
    mova m0, m10
    paddw m0, m11
    paddw m0, m12           ; p1 + p0 + q0
    mova m1, m9
    paddw m1, m0
    paddw m1, [pw_2]
    psraw m1, 2             ; p'1
    mova m2, m0
    paddw m2, m0
    paddw m2, m9
    paddw m2, m13
    paddw m2, [pw_4]
    psraw m2, 3             ; p'0 strong
    mova m3, m8
    paddw m3, m8
    paddw m3, m9
    paddw m3, m9
    paddw m3, m9
    paddw m3, m0
    paddw m3, [pw_4]
    psraw m3, 3             ; p'2
    mova m4, m10
    paddw m4, m10
    paddw m4, m11
    paddw m4, m13
    paddw m4, [pw_2]
    psraw m4, 2             ; p'0 weak
    BLEND m9, m3, m6
    BLEND m10, m1, m6
    BLEND m11, m4, m5
    BLEND m11, m2, m6
    ; q side (8-492 .. 8-495)
    mova m0, m13
    paddw m0, m12
    paddw m0, [rsp - 40]    ; q1 + q0 + p0
    mova m1, m14
    paddw m1, m0
    paddw m1, [pw_2]
    psraw m1, 2             ; q'1
    mova m2, m0
    paddw m2, m0
    paddw m2, m14
    paddw m2, [rsp - 24]
    paddw m2, [pw_4]
    psraw m2, 3             ; q'0 strong
    mova m3, m15
    paddw m3, m15
    paddw m3, m14
    paddw m3, m14
    paddw m3, m14
    paddw m3, m0
    paddw m3, [pw_4]
    psraw m3, 3             ; q'2
    mova m4, m13
    paddw m4, m13
    paddw m4, m12
    paddw m4, [rsp - 24]
    paddw m4, [pw_2]
    psraw m4, 2             ; q'0 weak
    BLEND m14, m3, m7
    BLEND m13, m1, m7
    BLEND m12, m4, m5
    BLEND m12, m2, m7
%endmacro

; Chroma bS < 4: m10 p1, m11 p0, m12 q0, m13 q1, m8 alpha, m15 beta,
; m7 tc0 words. tc = tc0 + 1 (8.7.2.3, chromaStyleFilteringFlag).
%macro CHROMA_NORMAL_CORE 0
    FILTER_MASK m6, m0, m1
    pcmpeqw m1, m1
    mova m2, m7
    pcmpgtw m2, m1
    pand m6, m2
    mova m3, m7
    psubw m3, m1            ; tc0 + 1
    pand m3, m6
    DELTA m3
    paddw m11, m0
    psubw m12, m0
%endmacro

; Chroma bS = 4: p'0 = (2 p1 + p0 + q1 + 2) >> 2, q'0 likewise (8-490, 8-497)
%macro CHROMA_INTRA_CORE 0
    FILTER_MASK m6, m0, m1
    mova m0, m10
    paddw m0, m10
    paddw m0, m11
    paddw m0, m13
    paddw m0, [pw_2]
    psraw m0, 2
    mova m1, m13
    paddw m1, m13
    paddw m1, m12
    paddw m1, m10
    paddw m1, [pw_2]
    psraw m1, 2
    BLEND m11, m0, m6
    BLEND m12, m1, m6
%endmacro

; ---------------------------------------------------------------------------
; Loads and stores

; alpha/beta words into m8/m15 (alpha p2d, beta p3d)
%macro LOAD_ALPHA_BETA 0
    movd m8, p2d
    SPLATW m8
    movd m15, p3d
    SPLATW m15
%endmacro

; Luma tc0 words for lines 8*%1 .. 8*%1+7 into m7 (tc0 pointer p4)
%macro LOAD_LUMA_TC0 1
    movd m7, [p4]
    punpcklbw m7, m7
    punpcklwd m7, m7
    %if %1 == 0
        punpcklbw m7, m7
    %else
        punpckhbw m7, m7
    %endif
    psraw m7, 8
%endmacro

%macro LOAD_CHROMA_TC0 0
    movd m7, [p4]
    punpcklbw m7, m7
    punpcklbw m7, m7
    psraw m7, 8
%endmacro

; LOAD_ROW_W dst, mem: 8 bytes widened to words (m0 = 0)
%macro LOAD_ROW_W 2
    movq %1, %2
    punpcklbw %1, m0
%endmacro

; STORE_ROW_W mem, src: words packed to 8 bytes
%macro STORE_ROW_W 2
    packuswb %2, %2
    movq %1, %2
%endmacro

; Transpose the 8x8 bytes in the low halves of m0..m7 (rows 0..7) into
; m0 = [col0 | col1], m2 = [col2 | col3], m1 = [col4 | col5], m5 = [col6 | col7].
%macro TRANSPOSE8x8B 0
    punpcklbw m0, m1
    punpcklbw m2, m3
    punpcklbw m4, m5
    punpcklbw m6, m7
    mova m1, m0
    punpcklwd m0, m2
    punpckhwd m1, m2
    mova m3, m4
    punpcklwd m4, m6
    punpckhwd m3, m6
    mova m2, m0
    punpckldq m0, m4
    punpckhdq m2, m4
    mova m5, m1
    punpckldq m1, m3
    punpckhdq m5, m3
%endmacro

; UNPACK_PAIR lo, hi, src, zero: words of the low and high 8 bytes of src
%macro UNPACK_PAIR 4
    mova %1, %3
    punpcklbw %1, %4
    punpckhbw %3, %4
    mova %2, %3
%endmacro

; Eight lines p3..q3 at t1 (= pix - 4 of line 0), stride p1, t0 = 3 * stride,
; as words in m8..m15.
%macro LOAD_V8x8 0
    lea t2, [t1 + 4 * p1]
    movq m0, [t1]
    movq m1, [t1 + p1]
    movq m2, [t1 + 2 * p1]
    movq m3, [t1 + t0]
    movq m4, [t2]
    movq m5, [t2 + p1]
    movq m6, [t2 + 2 * p1]
    movq m7, [t2 + t0]
    TRANSPOSE8x8B
    pxor m3, m3
    UNPACK_PAIR m8, m9, m0, m3
    UNPACK_PAIR m10, m11, m2, m3
    UNPACK_PAIR m12, m13, m1, m3
    UNPACK_PAIR m14, m15, m5, m3
%endmacro

; Store p1 p0 q0 q1 (words m10..m13) as 4 bytes per line at t1 (= pix - 2
; of line 0) for 8 lines.
%macro STORE_V8x4 0
    packuswb m10, m11       ; [p1 | p0]
    packuswb m12, m13       ; [q0 | q1]
    pshufd m1, m10, 0xEE
    punpcklbw m10, m1       ; (p1, p0) per line
    pshufd m1, m12, 0xEE
    punpcklbw m12, m1       ; (q0, q1) per line
    mova m0, m10
    punpcklwd m0, m12       ; lines 0..3
    punpckhwd m10, m12      ; lines 4..7
    lea t2, [t1 + 4 * p1]
    movd [t1], m0
    psrldq m0, 4
    movd [t1 + p1], m0
    psrldq m0, 4
    movd [t1 + 2 * p1], m0
    psrldq m0, 4
    movd [t1 + t0], m0
    movd [t2], m10
    psrldq m10, 4
    movd [t2 + p1], m10
    psrldq m10, 4
    movd [t2 + 2 * p1], m10
    psrldq m10, 4
    movd [t2 + t0], m10
%endmacro

; Eight lines p1 p0 q0 q1 at t1 (= pix - 2 of line 0) as words m10..m13.
%macro LOAD_V8x4 0
    lea t2, [t1 + 4 * p1]
    movd m0, [t1]
    movd m1, [t1 + p1]
    movd m2, [t1 + 2 * p1]
    movd m3, [t1 + t0]
    movd m4, [t2]
    movd m5, [t2 + p1]
    movd m6, [t2 + 2 * p1]
    movd m7, [t2 + t0]
    punpcklbw m0, m1
    punpcklbw m2, m3
    punpcklbw m4, m5
    punpcklbw m6, m7
    punpcklwd m0, m2
    punpcklwd m4, m6
    mova m1, m0
    punpckldq m0, m4        ; [p1 | p0]
    punpckhdq m1, m4        ; [q0 | q1]
    pxor m3, m3
    UNPACK_PAIR m10, m11, m0, m3
    UNPACK_PAIR m12, m13, m1, m3
%endmacro

; Return early when alpha or beta is 0: no line can pass the tests.
%macro SKIP_IF_OFF 0
    test p2d, p2d
    jz .end
    test p3d, p3d
    jz .end
%endmacro

; ---------------------------------------------------------------------------
; luma_h(pix, stride, alpha, beta, tc0): horizontal edge, 16 columns
FUNC deblock_luma_h
    SKIP_IF_OFF
    lea t0, [3 * p1]
    mov t1, p0
    sub t1, t0              ; row p2
    %assign half 0
    %rep 2
        pxor m0, m0
        LOAD_ROW_W m9, [t1 + 8 * half]
        LOAD_ROW_W m10, [t1 + p1 + 8 * half]
        LOAD_ROW_W m11, [t1 + 2 * p1 + 8 * half]
        LOAD_ROW_W m12, [p0 + 8 * half]
        LOAD_ROW_W m13, [p0 + p1 + 8 * half]
        LOAD_ROW_W m14, [p0 + 2 * p1 + 8 * half]
        LOAD_LUMA_TC0 half
        LOAD_ALPHA_BETA
        LUMA_NORMAL_CORE
        STORE_ROW_W [t1 + p1 + 8 * half], m10
        STORE_ROW_W [t1 + 2 * p1 + 8 * half], m11
        STORE_ROW_W [p0 + 8 * half], m12
        STORE_ROW_W [p0 + p1 + 8 * half], m13
        %assign half half + 1
    %endrep
.end:
    RET

; luma_v(pix, stride, alpha, beta, tc0): vertical edge, 16 lines
FUNC deblock_luma_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    %assign half 0
    %rep 2
        lea t1, [p0 - 4]
        %if half
            lea t1, [t1 + 8 * p1]
        %endif
        LOAD_V8x8
        LOAD_LUMA_TC0 half
        LOAD_ALPHA_BETA
        LUMA_NORMAL_CORE
        add t1, 2
        STORE_V8x4
        %assign half half + 1
    %endrep
.end:
    RET

FUNC deblock_luma_intra_h
    SKIP_IF_OFF
    lea t0, [3 * p1]
    mov t1, p0
    sub t1, t0
    sub t1, p1              ; row p3 = pix - 4 * stride
    %assign half 0
    %rep 2
        pxor m0, m0
        lea t2, [t1 + 4 * p1]
        LOAD_ROW_W m8, [t1 + 8 * half]
        LOAD_ROW_W m9, [t1 + p1 + 8 * half]
        LOAD_ROW_W m10, [t1 + 2 * p1 + 8 * half]
        LOAD_ROW_W m11, [t1 + t0 + 8 * half]
        LOAD_ROW_W m12, [t2 + 8 * half]
        LOAD_ROW_W m13, [t2 + p1 + 8 * half]
        LOAD_ROW_W m14, [t2 + 2 * p1 + 8 * half]
        LOAD_ROW_W m15, [t2 + t0 + 8 * half]
        LUMA_INTRA_CORE
        STORE_ROW_W [t1 + p1 + 8 * half], m9
        STORE_ROW_W [t1 + 2 * p1 + 8 * half], m10
        STORE_ROW_W [t1 + t0 + 8 * half], m11
        STORE_ROW_W [t2 + 8 * half], m12
        STORE_ROW_W [t2 + p1 + 8 * half], m13
        STORE_ROW_W [t2 + 2 * p1 + 8 * half], m14
        %assign half half + 1
    %endrep
.end:
    RET

FUNC deblock_luma_intra_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    %assign half 0
    %rep 2
        lea t1, [p0 - 4]
        %if half
            lea t1, [t1 + 8 * p1]
        %endif
        LOAD_V8x8
        LUMA_INTRA_CORE
        packuswb m8, m9
        packuswb m10, m11
        packuswb m12, m13
        packuswb m14, m15
        mova m0, m8
        pshufd m1, m8, 0xEE
        mova m2, m10
        pshufd m3, m10, 0xEE
        mova m4, m12
        pshufd m5, m12, 0xEE
        mova m6, m14
        pshufd m7, m14, 0xEE
        TRANSPOSE8x8B           ; back to lines: m0 = [l0 | l1] ...
        lea t2, [t1 + 4 * p1]
        movq [t1], m0
        movhps [t1 + p1], m0
        movq [t1 + 2 * p1], m2
        movhps [t1 + t0], m2
        movq [t2], m1
        movhps [t2 + p1], m1
        movq [t2 + 2 * p1], m5
        movhps [t2 + t0], m5
        %assign half half + 1
    %endrep
.end:
    RET

; chroma_h(pix, stride, alpha, beta, tc0): horizontal edge, 8 columns
FUNC deblock_chroma_h
    SKIP_IF_OFF
    mov t1, p0
    sub t1, p1
    sub t1, p1              ; row p1
    pxor m0, m0
    LOAD_ROW_W m10, [t1]
    LOAD_ROW_W m11, [t1 + p1]
    LOAD_ROW_W m12, [p0]
    LOAD_ROW_W m13, [p0 + p1]
    LOAD_CHROMA_TC0
    LOAD_ALPHA_BETA
    CHROMA_NORMAL_CORE
    STORE_ROW_W [t1 + p1], m11
    STORE_ROW_W [p0], m12
.end:
    RET

FUNC deblock_chroma_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    lea t1, [p0 - 2]
    LOAD_V8x4
    LOAD_CHROMA_TC0
    LOAD_ALPHA_BETA
    CHROMA_NORMAL_CORE
    STORE_V8x4
.end:
    RET

FUNC deblock_chroma_intra_h
    SKIP_IF_OFF
    mov t1, p0
    sub t1, p1
    sub t1, p1
    pxor m0, m0
    LOAD_ROW_W m10, [t1]
    LOAD_ROW_W m11, [t1 + p1]
    LOAD_ROW_W m12, [p0]
    LOAD_ROW_W m13, [p0 + p1]
    LOAD_ALPHA_BETA
    CHROMA_INTRA_CORE
    STORE_ROW_W [t1 + p1], m11
    STORE_ROW_W [p0], m12
.end:
    RET

FUNC deblock_chroma_intra_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    lea t1, [p0 - 2]
    LOAD_V8x4
    LOAD_ALPHA_BETA
    CHROMA_INTRA_CORE
    STORE_V8x4
.end:
    RET
