/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>

#include "cli.h"

/* Placeholder until the encode command lands. */
int rth264_cli_encode(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "rth264 encode: not implemented yet\n");
    return 1;
}
