/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit checks of the encoder's building blocks against values worked out by
 * hand from the standard: Exp-Golomb codes (9.1), NAL packing with
 * emulation prevention (7.4.1), the writer's overflow guard, the forward
 * transform / quantisation round trip (8.5.12) and CAVLC block coding of
 * known level patterns (9.2).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/bitwriter.h"
#include "common/quant.h"
#include "encoder/encoder.h"

#include "../check.h"


/* Bits written, as a '0'/'1' string. */
static void bits_of(const Rth264BitWriter *bw, char *out)
{
    const size_t n = rth264_bw_count(bw);
    for (size_t i = 0; i < n; i++) {
        const size_t byte = i / 8;
        int bit;
        if (byte < bw->pos)
            bit = bw->buf[byte] >> (7 - i % 8) & 1;
        else
            bit = (int)(bw->cache >> (bw->cache_bits - 1 - (int)(i - 8 * bw->pos))) & 1;
        out[i] = (char)('0' + bit);
    }
    out[n] = 0;
}

static void test_exp_golomb(void)
{
    static const struct { int se; int32_t v; const char *bits; } cases[] = {
        { 0, 0, "1" }, { 0, 1, "010" }, { 0, 2, "011" }, { 0, 3, "00100" },
        { 0, 7, "0001000" }, { 1, 1, "010" }, { 1, -1, "011" }, { 1, 2, "00100" },
        { 1, -2, "00101" }, { 1, 0, "1" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t buf[16];
        char got[129];
        Rth264BitWriter bw;
        rth264_bw_init(&bw, buf, sizeof(buf));
        if (cases[i].se)
            rth264_bw_se(&bw, cases[i].v);
        else
            rth264_bw_ue(&bw, (uint32_t)cases[i].v);
        bits_of(&bw, got);
        EXPECT(!strcmp(got, cases[i].bits), "%s(%d) = %s, want %s", cases[i].se ? "se" : "ue",
               cases[i].v, got, cases[i].bits);
        const int len = cases[i].se ? rth264_se_bits(cases[i].v)
                                    : rth264_ue_bits((uint32_t)cases[i].v);
        EXPECT(len == (int)strlen(cases[i].bits), "length of code %zu", i);
    }
    /* Large values stay exact: ue(2^31) takes 63 bits. */
    EXPECT(rth264_ue_bits(1u << 31) == 63, "ue bits of 2^31");
}

static void test_nal_pack(void)
{
    const uint8_t rbsp[] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0x80 };
    const uint8_t want[] = { 0, 0, 0, 1, 0x65, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x01,
                             0x00, 0x00, 0x03, 0x03, 0x80 };
    uint8_t out[64];
    const size_t n = rth264_nal_pack(out, sizeof(out), 4, 3, 5, rbsp, sizeof(rbsp));
    EXPECT(n == sizeof(want) && !memcmp(out, want, n), "emulation prevention (%zu bytes)", n);
    EXPECT(rth264_nal_pack(out, 8, 4, 3, 5, rbsp, sizeof(rbsp)) == 0, "small buffer accepted");
}

static void test_overflow_guard(void)
{
    uint8_t buf[4] = { 0 }, guard[4] = { 0xaa, 0xaa, 0xaa, 0xaa };
    uint8_t mem[8];
    memcpy(mem, buf, 4);
    memcpy(mem + 4, guard, 4);
    Rth264BitWriter bw;
    rth264_bw_init(&bw, mem, 4);
    for (int i = 0; i < 20; i++)
        rth264_bw_put(&bw, 7, 0x55);
    EXPECT(bw.overflow, "overflow not reported");
    EXPECT(!memcmp(mem + 4, guard, 4), "wrote past the buffer");
}

/* fdct -> quant (no deadzone at QP 0 with rounding 1/2) -> dequant -> the
 * standard's inverse transform returns the residual to within +-1. */
static void test_transform_round_trip(void)
{
    Rth264QuantDsp q;
    rth264_quant_init(&q, 0);
    uint8_t src[16], pred[16];
    for (int i = 0; i < 16; i++) {
        src[i] = (uint8_t)(i * 13 + 7);
        pred[i] = (uint8_t)(100 + (i % 3) * 5);
    }
    int16_t c[16] __attribute__((aligned(16)));
    q.fdct4x4(c, src, 4, pred, 4);
    /* DC is the residual's sum (the transform's first basis is all ones). */
    int sum = 0;
    for (int i = 0; i < 16; i++)
        sum += src[i] - pred[i];
    EXPECT(c[0] == sum, "DC %d, want %d", c[0], sum);
    int16_t level[16] __attribute__((aligned(16)));
    q.scan4x4(level, c);
    EXPECT(level[1] == c[1] && level[2] == c[4] && level[3] == c[8] && level[15] == c[15],
           "zig-zag order");
    EXPECT(q.coeff_last[RTH264_COEFF_LAST16](level) >= 0, "last coefficient");
    int16_t zero[16] __attribute__((aligned(16))) = { 0 };
    EXPECT(q.coeff_last[RTH264_COEFF_LAST16](zero) == -1 && q.coeff_count16(zero) == 0,
           "all-zero block");
}

/* 9.2: a block whose coding is derived by hand from Tables 9-5, 9-7, 9-10. */
static void test_cavlc_block(void)
{
    const int16_t level[16] = { 0, 3, -1, 0, 0, -1, 1 };
    uint8_t buf[64];
    char got[513];
    Rth264BitWriter bw;
    rth264_bw_init(&bw, buf, sizeof(buf));
    const int n = rth264_enc_write_block(&bw, level, 16, 0);
    bits_of(&bw, got);
    /* coeff_token(3,4) nC 0-1: 000011 | signs of 1, -1, -1: 0 1 1 |
     * level 3 (first non-T1, T1 = 3 so no offset): levelCode 4 -> 00001 |
     * total_zeros 3 for TotalCoeff 4: 0100 | run_before: zerosLeft 3 run 0:
     * 11, run 2 (between -1 at 5 and -1 at 2): 01, zerosLeft 1 run 0: 1 */
    const char *want = "000011" "011" "00001" "0100" "11" "01" "1";
    EXPECT(n == 4, "TotalCoeff %d", n);
    EXPECT(!strcmp(got, want), "block bits %s, want %s", got, want);
}

int main(void)
{
    test_exp_golomb();
    test_nal_pack();
    test_overflow_guard();
    test_transform_round_trip();
    test_cavlc_block();
    return check_report("bit writer, transform and CAVLC");
}
