/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <string.h>

#include "rth264/rth264.h"
#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "rth264 %s: real-time H.264 encoder and decoder\n"
            "usage:\n"
            "  rth264 encode IN.yuv --size WxH [options] -o OUT.264\n"
            "  rth264 decode IN.264 -o OUT.yuv [--md5]\n"
            "  rth264 info IN.264\n"
            "  rth264 version\n"
            "Run 'rth264 COMMAND --help' for a command's options.\n",
            rth264_version());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "encode"))
        return rth264_cli_encode(argc - 1, argv + 1);
    if (!strcmp(cmd, "decode"))
        return rth264_cli_decode(argc - 1, argv + 1);
    if (!strcmp(cmd, "info"))
        return rth264_cli_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("rth264 %s\n", rth264_version());
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "rth264: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
