/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_CPU_H
#define RTH264_COMMON_CPU_H

#include "rth264/rth264.h"

/* The running CPU's RTH264_CPU_* flags. Pure: detection has no global state;
 * callers mask the result and pass it to each *_init(). */
unsigned rth264_cpu_detect(void);

#endif
