/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>

#include "cli.h"

/* Placeholder until the info command lands. */
int rth264_cli_info(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "rth264 info: not implemented yet\n");
    return 1;
}
