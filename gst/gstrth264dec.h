/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef GST_RTH264_DEC_H
#define GST_RTH264_DEC_H

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideodecoder.h>

G_BEGIN_DECLS

#define GST_TYPE_RTH264_DEC (gst_rth264_dec_get_type ())
G_DECLARE_FINAL_TYPE (GstRth264Dec, gst_rth264_dec, GST, RTH264_DEC, GstVideoDecoder)

GST_ELEMENT_REGISTER_DECLARE (rth264dec);

G_END_DECLS

#endif /* GST_RTH264_DEC_H */
