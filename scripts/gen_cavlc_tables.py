#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Generate codec/common/cavlc_vlc.c from the CAVLC code tables of
ITU-T H.264 (Tables 9-5, 9-7, 9-8, 9-9a, 9-10), written below as the bit
strings the standard prints, so they can be checked against it by eye.

Every table is verified before anything is written: each code set must be
prefix-free and its Kraft sum may not exceed 1.
Run: python3 scripts/gen_cavlc_tables.py > codec/common/cavlc_vlc.c
"""
import sys
from fractions import Fraction

# Table 9-5, rows "TrailingOnes TotalCoeff: nC 0-1 | 2-3 | 4-7 | >=8 | -1"
COEFF_TOKEN = """
0 0  1                    11                 1111            000011  01
0 1  000101               001011             001111          000000  000111
1 1  01                   10                 1110            000001  1
0 2  00000111             000111             001011          000100  000100
1 2  000100               00111              01111           000101  000110
2 2  001                  011                1101            000110  001
0 3  000000111            0000111            001000          001000  000011
1 3  00000110             001010             01100           001001  0000011
2 3  0000101              001001             01110           001010  0000010
3 3  00011                0101               1100            001011  000101
0 4  0000000111           00000111           0001111         001100  000010
1 4  000000110            000110             01010           001101  00000011
2 4  00000101             000101             01011           001110  00000010
3 4  000011               0100               1011            001111  0000000
0 5  00000000111          00000100           0001011         010000  -
1 5  0000000110           0000110            01000           010001  -
2 5  000000101            0000101            01001           010010  -
3 5  0000100              00110              1010            010011  -
0 6  0000000001111        000000111          0001001         010100  -
1 6  00000000110          00000110           001110          010101  -
2 6  0000000101           00000101           001101          010110  -
3 6  00000100             001000             1001            010111  -
0 7  0000000001011        00000001111        0001000         011000  -
1 7  0000000001110        000000110          001010          011001  -
2 7  00000000101          000000101          001001          011010  -
3 7  000000100            000100             1000            011011  -
0 8  0000000001000        00000001011        00001111        011100  -
1 8  0000000001010        00000001110        0001110         011101  -
2 8  0000000001101        00000001101        0001101         011110  -
3 8  0000000100           0000100            01101           011111  -
0 9  00000000001111       000000001111       00001011        100000  -
1 9  00000000001110       00000001010        00001110        100001  -
2 9  0000000001001        00000001001        0001010         100010  -
3 9  00000000100          000000100          001100          100011  -
0 10 00000000001011       000000001011       000001111       100100  -
1 10 00000000001010       000000001110       00001010        100101  -
2 10 00000000001101       000000001101       00001101        100110  -
3 10 0000000001100        00000001100        0001100         100111  -
0 11 000000000001111      000000001000       000001011       101000  -
1 11 000000000001110      000000001010       000001110       101001  -
2 11 00000000001001       000000001001       00001001        101010  -
3 11 00000000001100       00000001000        00001100        101011  -
0 12 000000000001011      0000000001111      000001000       101100  -
1 12 000000000001010      0000000001110      000001010       101101  -
2 12 000000000001101      0000000001101      000001101       101110  -
3 12 00000000001000       000000001100       00001000        101111  -
0 13 0000000000001111     0000000001011      0000001101      110000  -
1 13 000000000000001      0000000001010      000000111       110001  -
2 13 000000000001001      0000000001001      000001001       110010  -
3 13 000000000001100      0000000001100      000001100       110011  -
0 14 0000000000001011     0000000000111      0000001001      110100  -
1 14 0000000000001110     00000000001011     0000001100      110101  -
2 14 0000000000001101     0000000000110      0000001011      110110  -
3 14 000000000001000      0000000001000      0000001010      110111  -
0 15 0000000000000111     00000000001001     0000000101      111000  -
1 15 0000000000001010     00000000001000     0000001000      111001  -
2 15 0000000000001001     00000000001010     0000000111      111010  -
3 15 0000000000001100     0000000000001      0000000110      111011  -
0 16 0000000000000100     00000000000111     0000000001      111100  -
1 16 0000000000000110     00000000000110     0000000100      111101  -
2 16 0000000000000101     00000000000101     0000000011      111110  -
3 16 0000000000001000     00000000000100     0000000010      111111  -
"""

# Tables 9-7 and 9-8: total_zeros for 4x4 blocks, one line per TotalCoeff
# (tzVlcIndex), codes for total_zeros = 0, 1, 2, ...
TOTAL_ZEROS = """
1  1 011 010 0011 0010 00011 00010 000011 000010 0000011 0000010 00000011 00000010 000000011 000000010 000000001
2  111 110 101 100 011 0101 0100 0011 0010 00011 00010 000011 000010 000001 000000
3  0101 111 110 101 0100 0011 100 011 0010 00011 00010 000001 00001 000000
4  00011 111 0101 0100 110 101 100 0011 011 0010 00010 00001 00000
5  0101 0100 0011 111 110 101 100 011 0010 00001 0001 00000
6  000001 00001 111 110 101 100 011 010 0001 001 000000
7  000001 00001 101 100 011 11 010 0001 001 000000
8  000001 0001 00001 011 11 10 010 001 000000
9  000001 000000 0001 11 10 001 01 00001
10 00001 00000 001 11 10 01 0001
11 0000 0001 001 010 1 011
12 0000 0001 01 1 001
13 000 001 1 01
14 00 01 1
15 0 1
"""

# Table 9-9a: total_zeros for chroma DC 2x2 (ChromaArrayType 1).
TOTAL_ZEROS_CHROMA_DC = """
1 1 01 001 000
2 1 01 00
3 1 0
"""

# Table 9-10: run_before, one line per zerosLeft (7 stands for > 6).
RUN_BEFORE = """
1 1 0
2 1 01 00
3 11 10 01 00
4 11 10 01 001 000
5 11 10 011 010 001 000
6 11 000 001 011 010 101 100
7 111 110 101 100 011 010 001 0001 00001 000001 0000001 00000001 000000001 0000000001 00000000001
"""


def check_code_set(name, codes):
    codes = [c for c in codes if c]
    kraft = sum(Fraction(1, 2 ** len(c)) for c in codes)
    if kraft > 1:
        sys.exit(f"{name}: Kraft sum {kraft} > 1")
    for a in codes:
        for b in codes:
            if a is not b and b.startswith(a):
                sys.exit(f"{name}: {a} is a prefix of {b}")


def vlc(code):
    return "{0x%x, %d}" % (int(code, 2), len(code)) if code else "{0, 0}"


def parse_rows(text):
    return [line.split() for line in text.strip().splitlines()]


def gen_coeff_token():
    table = [[[""] * 17 for _ in range(4)] for _ in range(5)]
    for row in parse_rows(COEFF_TOKEN):
        t1, tc, codes = int(row[0]), int(row[1]), row[2:]
        for n, code in enumerate(codes):
            table[n][t1][tc] = "" if code == "-" else code
    for n in range(5):
        check_code_set(f"coeff_token nC class {n}", [c for t in table[n] for c in t])
    out = ["const Rth264Vlc rth264_coeff_token_vlc[5][4][17] = {"]
    for n in range(5):
        out.append("    {")
        for t1 in range(4):
            out.append("        { " + ", ".join(vlc(c) for c in table[n][t1]) + " },")
        out.append("    },")
    out.append("};")
    return out


def gen_indexed(name, text, rows, cols):
    table = [[""] * cols for _ in range(rows)]
    for row in parse_rows(text):
        idx, codes = int(row[0]) - 1, row[1:]
        if len(codes) > cols:
            sys.exit(f"{name}: row {idx + 1} too long")
        table[idx][:len(codes)] = codes
        check_code_set(f"{name} row {idx + 1}", codes)
    out = [f"const Rth264Vlc {name}[{rows}][{cols}] = {{"]
    for r in table:
        out.append("    { " + ", ".join(vlc(c) for c in r) + " },")
    out.append("};")
    return out


def main():
    lines = [
        "/* SPDX-License-Identifier: BSD-2-Clause */",
        "/* Generated by scripts/gen_cavlc_tables.py from ITU-T H.264 Tables 9-5,",
        " * 9-7, 9-8, 9-9a and 9-10. Do not edit; edit the generator. */",
        '#include "common/tables.h"',
        "",
    ]
    lines += gen_coeff_token() + [""]
    lines += gen_indexed("rth264_total_zeros_vlc", TOTAL_ZEROS, 15, 16) + [""]
    lines += gen_indexed("rth264_total_zeros_chroma_dc_vlc", TOTAL_ZEROS_CHROMA_DC, 3, 4) + [""]
    lines += gen_indexed("rth264_run_before_vlc", RUN_BEFORE, 7, 15)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
