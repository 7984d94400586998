/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include "rth264/rth264.h"
int main(void) { printf("rth264 %s\n", rth264_version()); return 0; }
