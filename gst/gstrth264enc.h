/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef GST_RTH264_ENC_H
#define GST_RTH264_ENC_H

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideoencoder.h>

G_BEGIN_DECLS

#define GST_TYPE_RTH264_ENC (gst_rth264_enc_get_type ())
G_DECLARE_FINAL_TYPE (GstRth264Enc, gst_rth264_enc, GST, RTH264_ENC, GstVideoEncoder)

/**
 * GstRth264EncRateControl:
 * @GST_RTH264_ENC_RC_CBR: constant bitrate under a buffer of buffer-size ms
 * @GST_RTH264_ENC_RC_VBR: average bitrate, peaks up to max-bitrate
 * @GST_RTH264_ENC_RC_CQP: constant QP (the qp property)
 */
typedef enum
{
  GST_RTH264_ENC_RC_CBR = 0,
  GST_RTH264_ENC_RC_VBR = 1,
  GST_RTH264_ENC_RC_CQP = 2,
} GstRth264EncRateControl;

#define GST_TYPE_RTH264_ENC_RATE_CONTROL (gst_rth264_enc_rate_control_get_type ())
GType gst_rth264_enc_rate_control_get_type (void);

GST_ELEMENT_REGISTER_DECLARE (rth264enc);

G_END_DECLS

#endif /* GST_RTH264_ENC_H */
