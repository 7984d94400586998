/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>

#include "cli.h"

/* Placeholder until the decode command lands. */
int rth264_cli_decode(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "rth264 decode: not implemented yet\n");
    return 1;
}
