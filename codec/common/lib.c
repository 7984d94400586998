/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "rth264/rth264.h"
#include "common/picture.h"

const char *rth264_version(void)
{
    return RTH264_VERSION;
}

const char *rth264_strerror(int err)
{
    switch (err) {
    case RTH264_OK: return "success";
    case RTH264_ERR_AGAIN: return "no output available yet";
    case RTH264_ERR_NOMEM: return "out of memory";
    case RTH264_ERR_INVAL: return "invalid argument";
    case RTH264_ERR_INVALIDDATA: return "invalid or corrupt bitstream data";
    case RTH264_ERR_UNSUPPORTED: return "unsupported bitstream feature";
    case RTH264_ERR_LIMIT: return "size beyond the configured limits";
    default: return "unknown error";
    }
}

void rth264_picture_unref(Rth264Picture *pic)
{
    if (!pic)
        return;
    if (pic->ref)
        rth264_picture_ref_put((Rth264PictureRef *)pic->ref);
    memset(pic, 0, sizeof(*pic));
}
