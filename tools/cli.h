/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_TOOLS_CLI_H
#define RTH264_TOOLS_CLI_H

/* Subcommands of the rth264 tool; each returns the process exit code.
 * argv[0] is the subcommand name. */
int rth264_cli_decode(int argc, char **argv);
int rth264_cli_encode(int argc, char **argv);
int rth264_cli_info(int argc, char **argv);

#endif
