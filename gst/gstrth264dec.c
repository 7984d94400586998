/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * SECTION:element-rth264dec
 * @title: rth264dec
 *
 * Decodes H.264 Constrained Baseline and Baseline streams with the rth264
 * library. Input can be Annex B byte-stream or length-prefixed (avc, avc3),
 * aligned on access units or on NAL units. Damaged input is concealed and
 * reported as a warning, a key unit is requested upstream, and the element
 * only fails after #GstVideoDecoder:max-errors consecutive undecodable frames.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 filesrc location=clip.264 ! h264parse ! rth264dec ! videoconvert ! autovideosink
 * ]|
 * |[
 * gst-launch-1.0 udpsrc port=5000 caps="application/x-rtp,media=video,encoding-name=H264,clock-rate=90000" ! \
 *     rtph264depay ! h264parse ! rth264dec ! videoconvert ! autovideosink
 * ]|
 */
#include <string.h>

#include "rth264/rth264.h"
#include "gstrth264dec.h"

GST_DEBUG_CATEGORY_STATIC (gst_rth264_dec_debug);
#define GST_CAT_DEFAULT gst_rth264_dec_debug

/* The profiles the library decodes: the only place that lists them, so
 * decodebin falls back to another decoder for everything else. */
static const char *const supported_profiles[] = {
  "constrained-baseline",
  "baseline",
  /* SVC (Annex G) streams carry an AVC base layer of these profiles; the
   * library decodes it and skips the enhancement NAL units (14, 15, 20). */
  "scalable-constrained-baseline",
  "scalable-baseline",
};

#define DEFAULT_OUTPUT_CORRUPT TRUE
#define DEFAULT_OUTPUT_DELAY (-1)
#define DEFAULT_CPU_MASK ((guint) RTH264_CPU_ALL)
#define DEFAULT_MAX_ERRORS 25
/* The most pictures H.264 can hold back (A.3.1 h: max_dec_frame_buffering
 * <= 16) plus one: a frame older than this, by decode order, behind the one
 * just output will never get a picture. */
#define STALE_FRAME_DISTANCE 17
/* Assumed when neither caps nor VUI give a frame rate (for latency only). */
#define FALLBACK_FPS_N 30

enum
{
  PROP_0,
  PROP_OUTPUT_CORRUPT,
  PROP_OUTPUT_DELAY,
  PROP_CPU_MASK,
};

struct _GstRth264Dec
{
  GstVideoDecoder parent;

  /* properties, under the object lock */
  gboolean output_corrupt;
  gint output_delay;
  guint cpu_mask;

  /* streaming state, under the stream lock */
  Rth264Decoder *decoder;
  GstVideoCodecState *input_state;
  gint input_format;            /* enum Rth264InputFormat */
  gint nal_length_size;
  gboolean nal_aligned;
  guint consecutive_errors;

  /* what the current output state was built from */
  gboolean have_output_state;
  gint out_width, out_height;
  Rth264ColorInfo out_color;
  gint latency_frames;          /* reported; -1 before any SPS */
};

G_DEFINE_TYPE (GstRth264Dec, gst_rth264_dec, GST_TYPE_VIDEO_DECODER);
GST_ELEMENT_REGISTER_DEFINE (rth264dec, "rth264dec", GST_RANK_SECONDARY,
    GST_TYPE_RTH264_DEC);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("I420")));

/* ---- properties --------------------------------------------------------- */

static void
gst_rth264_dec_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRth264Dec *self = GST_RTH264_DEC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_OUTPUT_CORRUPT:
      self->output_corrupt = g_value_get_boolean (value);
      break;
    case PROP_OUTPUT_DELAY:
      self->output_delay = g_value_get_int (value);
      break;
    case PROP_CPU_MASK:
      self->cpu_mask = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rth264_dec_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstRth264Dec *self = GST_RTH264_DEC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_OUTPUT_CORRUPT:
      g_value_set_boolean (value, self->output_corrupt);
      break;
    case PROP_OUTPUT_DELAY:
      g_value_set_int (value, self->output_delay);
      break;
    case PROP_CPU_MASK:
      g_value_set_uint (value, self->cpu_mask);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static gboolean
gst_rth264_dec_output_corrupt (GstRth264Dec * self)
{
  gboolean output_corrupt;

  GST_OBJECT_LOCK (self);
  output_corrupt = self->output_corrupt;
  GST_OBJECT_UNLOCK (self);
  return output_corrupt;
}

/* ---- library lifetime --------------------------------------------------- */

static gboolean
gst_rth264_dec_open_decoder (GstRth264Dec * self)
{
  Rth264DecoderSettings settings;
  int err;

  rth264_decoder_default_settings (&settings);
  GST_OBJECT_LOCK (self);
  settings.cpu_mask = self->cpu_mask;
  settings.output_delay = self->output_delay;
  GST_OBJECT_UNLOCK (self);
  settings.input_format = self->input_format;
  settings.nal_length_size = self->nal_length_size;

  err = rth264_decoder_open (&self->decoder, &settings);
  if (err < 0) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("Could not open the decoder"),
        ("rth264_decoder_open: %s", rth264_strerror (err)));
    return FALSE;
  }
  self->consecutive_errors = 0;
  return TRUE;
}

static gboolean
gst_rth264_dec_start (GstVideoDecoder * decoder)
{
  GstRth264Dec *self = GST_RTH264_DEC (decoder);

  GST_DEBUG_OBJECT (self, "start, library %s", rth264_version ());
  self->have_output_state = FALSE;
  self->latency_frames = -1;
  self->consecutive_errors = 0;
  return TRUE;
}

static gboolean
gst_rth264_dec_stop (GstVideoDecoder * decoder)
{
  GstRth264Dec *self = GST_RTH264_DEC (decoder);

  rth264_decoder_close (&self->decoder);
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  self->have_output_state = FALSE;
  return TRUE;
}

/* ---- input format ------------------------------------------------------- */

/* Reads stream-format and alignment. avc/avc3 carry the parameter sets
 * and the NAL length size in codec_data (the avcC, ISO/IEC 14496-15
 * 5.2.4.1), applied by set_format. */
static gboolean
gst_rth264_dec_parse_input_caps (GstRth264Dec * self, const GstCaps * caps)
{
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  const gchar *stream_format = gst_structure_get_string (s, "stream-format");
  const gchar *alignment = gst_structure_get_string (s, "alignment");

  self->nal_aligned = g_strcmp0 (alignment, "nal") == 0;
  self->input_format = RTH264_INPUT_ANNEXB;
  self->nal_length_size = 4;
  /* Old demuxers give codec_data without a stream-format: that is avc. */
  if (g_strcmp0 (stream_format, "avc") == 0
      || g_strcmp0 (stream_format, "avc3") == 0 || (!stream_format
          && gst_structure_has_field_typed (s, "codec_data", GST_TYPE_BUFFER)))
    self->input_format = RTH264_INPUT_AVC;
  /* h264parse may send avc caps before it has seen the parameter sets;
   * codec_data then comes with later caps (4-byte lengths until then). */
  if (self->input_format == RTH264_INPUT_AVC
      && !gst_structure_has_field_typed (s, "codec_data", GST_TYPE_BUFFER))
    GST_INFO_OBJECT (self, "%s caps without codec_data yet", stream_format);
  return TRUE;
}

static gboolean
gst_rth264_dec_apply_codec_data (GstRth264Dec * self, GstBuffer * codec_data)
{
  GstMapInfo map;
  int err;

  if (!gst_buffer_map (codec_data, &map, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL),
        ("Could not map codec_data"));
    return FALSE;
  }
  err = rth264_decoder_set_avcc (self->decoder, map.data, map.size);
  /* lengthSizeMinusOne, for finding NAL headers with alignment=nal */
  if (err == 0 && map.size >= 5)
    self->nal_length_size = (map.data[4] & 3) + 1;
  gst_buffer_unmap (codec_data, &map);
  if (err < 0) {
    GST_ELEMENT_ERROR (self, STREAM, DECODE, ("Invalid codec_data (avcC)"),
        ("rth264_decoder_set_avcc: %s", rth264_strerror (err)));
    return FALSE;
  }
  return TRUE;
}

static GstFlowReturn gst_rth264_dec_drain_decoder (GstRth264Dec * self);

static gboolean
gst_rth264_dec_set_format (GstVideoDecoder * decoder,
    GstVideoCodecState * state)
{
  GstRth264Dec *self = GST_RTH264_DEC (decoder);
  gint old_format = self->input_format;

  GST_DEBUG_OBJECT (self, "input caps %" GST_PTR_FORMAT, state->caps);
  if (!gst_rth264_dec_parse_input_caps (self, state->caps))
    return FALSE;

  /* A new framing needs a new decoder; output what the old one holds. */
  if (self->decoder && old_format != self->input_format) {
    gst_rth264_dec_drain_decoder (self);
    rth264_decoder_close (&self->decoder);
  }
  if (!self->decoder && !gst_rth264_dec_open_decoder (self))
    return FALSE;
  if (self->input_format == RTH264_INPUT_AVC && state->codec_data
      && !gst_rth264_dec_apply_codec_data (self, state->codec_data))
    return FALSE;

  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  self->input_state = gst_video_codec_state_ref (state);
  /* Frame rate and aspect ratio may come from the new caps. */
  self->have_output_state = FALSE;
  return TRUE;
}

/* ---- output state ------------------------------------------------------- */

/* Table E-2 chroma_sample_loc_type to the GStreamer chroma siting. */
static GstVideoChromaSite
chroma_site_from_loc_type (int loc_type)
{
  switch (loc_type) {
    case 0:
      return GST_VIDEO_CHROMA_SITE_H_COSITED;
    case 1:
      return GST_VIDEO_CHROMA_SITE_NONE;
    case 2:
      return GST_VIDEO_CHROMA_SITE_COSITED;
    case 3:
      return GST_VIDEO_CHROMA_SITE_V_COSITED;
    default:
      return GST_VIDEO_CHROMA_SITE_UNKNOWN;
  }
}

/* Without a colour description in the VUI or the caps, the usual values
 * for the picture size (BT.601 for SD, BT.709 for HD), not "unknown". */
static void
fill_default_colorimetry (GstVideoInfo * info)
{
  GstVideoColorimetry *cm = &info->colorimetry;
  GstVideoInfo def;

  gst_video_info_set_format (&def, GST_VIDEO_FORMAT_I420, info->width,
      info->height);
  if (cm->matrix == GST_VIDEO_COLOR_MATRIX_UNKNOWN)
    cm->matrix = def.colorimetry.matrix;
  if (cm->transfer == GST_VIDEO_TRANSFER_UNKNOWN)
    cm->transfer = def.colorimetry.transfer;
  if (cm->primaries == GST_VIDEO_COLOR_PRIMARIES_UNKNOWN)
    cm->primaries = def.colorimetry.primaries;
}

/* VUI (E.2.1) values override what the caps said; code 2 means
 * "unspecified" for all three colour fields (H.273). */
static void
apply_vui (GstVideoInfo * info, const Rth264ColorInfo * color)
{
  GstVideoColorimetry *cm = &info->colorimetry;

  if (color->colour_primaries > 0 && color->colour_primaries != 2)
    cm->primaries = gst_video_color_primaries_from_iso (color->colour_primaries);
  if (color->transfer_characteristics > 0
      && color->transfer_characteristics != 2)
    cm->transfer =
        gst_video_transfer_function_from_iso (color->transfer_characteristics);
  if (color->matrix_coefficients >= 0 && color->matrix_coefficients != 2)
    cm->matrix = gst_video_color_matrix_from_iso (color->matrix_coefficients);
  cm->range = color->full_range ? GST_VIDEO_COLOR_RANGE_0_255 :
      GST_VIDEO_COLOR_RANGE_16_235;
  if (color->chroma_sample_loc >= 0)
    info->chroma_site = chroma_site_from_loc_type (color->chroma_sample_loc);
  /* Caps from a parser or demuxer win for rate and aspect; the VUI fills
   * in what they left open. */
  if (info->fps_n == 0 && color->fps_num > 0 && color->fps_den > 0) {
    info->fps_n = color->fps_num;
    info->fps_d = color->fps_den;
  }
  if (info->par_n == 1 && info->par_d == 1 && color->sar_num > 0
      && color->sar_den > 0) {
    info->par_n = color->sar_num;
    info->par_d = color->sar_den;
  }
}

static gboolean
output_state_matches (GstRth264Dec * self, const Rth264Picture * pic)
{
  return self->have_output_state && self->out_width == pic->width
      && self->out_height == pic->height
      && memcmp (&self->out_color, &pic->color, sizeof (pic->color)) == 0;
}

/* A new size or VUI (a new SPS) renegotiates. */
static gboolean
gst_rth264_dec_ensure_output_state (GstRth264Dec * self,
    const Rth264Picture * pic)
{
  GstVideoDecoder *decoder = GST_VIDEO_DECODER (self);
  GstVideoCodecState *state;

  if (output_state_matches (self, pic))
    return TRUE;

  GST_INFO_OBJECT (self, "output %dx%d", pic->width, pic->height);
  state = gst_video_decoder_set_output_state (decoder, GST_VIDEO_FORMAT_I420,
      pic->width, pic->height, self->input_state);
  if (!state)
    return FALSE;
  apply_vui (&state->info, &pic->color);
  fill_default_colorimetry (&state->info);
  self->out_width = pic->width;
  self->out_height = pic->height;
  self->out_color = pic->color;
  self->have_output_state = TRUE;
  gst_video_codec_state_unref (state);
  return gst_video_decoder_negotiate (decoder);
}

/* ---- picture output ----------------------------------------------------- */

static void
copy_plane (guint8 * dst, gint dst_stride, const guint8 * src,
    ptrdiff_t src_stride, gint width, gint height)
{
  for (gint y = 0; y < height; y++)
    memcpy (dst + (gsize) y * dst_stride, src + y * src_stride, width);
}

static GstFlowReturn
gst_rth264_dec_copy_picture (GstRth264Dec * self, const Rth264Picture * pic,
    GstVideoCodecFrame * frame)
{
  GstVideoDecoder *decoder = GST_VIDEO_DECODER (self);
  GstVideoCodecState *state = gst_video_decoder_get_output_state (decoder);
  GstVideoFrame vframe;
  GstFlowReturn ret;
  gboolean mapped;

  ret = gst_video_decoder_allocate_output_frame (decoder, frame);
  if (ret != GST_FLOW_OK) {
    gst_video_codec_state_unref (state);
    return ret;
  }
  mapped = gst_video_frame_map (&vframe, &state->info, frame->output_buffer,
      GST_MAP_WRITE);
  gst_video_codec_state_unref (state);
  if (!mapped) {
    GST_ELEMENT_ERROR (self, RESOURCE, WRITE, (NULL),
        ("Could not map the output buffer"));
    return GST_FLOW_ERROR;
  }
  for (guint i = 0; i < 3; i++)
    copy_plane (GST_VIDEO_FRAME_COMP_DATA (&vframe, i),
        GST_VIDEO_FRAME_COMP_STRIDE (&vframe, i), pic->data[i], pic->stride[i],
        GST_VIDEO_FRAME_COMP_WIDTH (&vframe, i),
        GST_VIDEO_FRAME_COMP_HEIGHT (&vframe, i));
  gst_video_frame_unmap (&vframe);
  return GST_FLOW_OK;
}

/* Frames that never got a picture (lost slices, a NAL unit that only
 * carried parameter sets) are dropped once they are far enough behind. */
static void
gst_rth264_dec_drop_stale_frames (GstRth264Dec * self, guint32 current)
{
  GList *frames = gst_video_decoder_get_frames (GST_VIDEO_DECODER (self));

  for (GList * l = frames; l; l = l->next) {
    GstVideoCodecFrame *frame = l->data;

    if (frame->system_frame_number + STALE_FRAME_DISTANCE < current) {
      GST_DEBUG_OBJECT (self, "dropping frame %u: no picture",
          frame->system_frame_number);
      gst_video_decoder_drop_frame (GST_VIDEO_DECODER (self), frame);
    } else {
      gst_video_codec_frame_unref (frame);
    }
  }
  g_list_free (frames);
}

/* Pictures carry system_frame_number + 1 in user_data (0 means none). */
static GstVideoCodecFrame *
gst_rth264_dec_frame_of_picture (GstRth264Dec * self, const Rth264Picture * pic)
{
  guintptr tag = (guintptr) pic->user_data;

  if (tag == 0)
    return NULL;
  return gst_video_decoder_get_frame (GST_VIDEO_DECODER (self),
      (int) (tag - 1));
}

static GstFlowReturn
gst_rth264_dec_output_picture (GstRth264Dec * self, const Rth264Picture * pic)
{
  GstVideoDecoder *decoder = GST_VIDEO_DECODER (self);
  GstVideoCodecFrame *frame = gst_rth264_dec_frame_of_picture (self, pic);
  GstFlowReturn ret;

  if (!frame) {
    GST_WARNING_OBJECT (self, "picture (poc %d) has no frame, skipped",
        pic->poc);
    return GST_FLOW_OK;
  }
  gst_rth264_dec_drop_stale_frames (self, frame->system_frame_number);

  if (pic->concealed)
    GST_VIDEO_CODEC_FRAME_FLAG_SET (frame, GST_VIDEO_CODEC_FRAME_FLAG_CORRUPTED);
  if (GST_VIDEO_CODEC_FRAME_FLAG_IS_SET (frame,
          GST_VIDEO_CODEC_FRAME_FLAG_CORRUPTED)
      && !gst_rth264_dec_output_corrupt (self)) {
    GST_DEBUG_OBJECT (self, "dropping concealed frame %u",
        frame->system_frame_number);
    return gst_video_decoder_drop_frame (decoder, frame);
  }
  if (!gst_rth264_dec_ensure_output_state (self, pic)) {
    gst_video_decoder_release_frame (decoder, frame);
    /* a seek flushing downstream is no negotiation failure */
    if (GST_PAD_IS_FLUSHING (GST_VIDEO_DECODER_SRC_PAD (decoder)))
      return GST_FLOW_FLUSHING;
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("Could not negotiate %dx%d I420 output", pic->width, pic->height));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  ret = gst_rth264_dec_copy_picture (self, pic, frame);
  if (ret != GST_FLOW_OK) {
    gst_video_decoder_release_frame (decoder, frame);
    return ret;
  }
  return gst_video_decoder_finish_frame (decoder, frame);
}

/* Everything the library has ready, in output order. */
static GstFlowReturn
gst_rth264_dec_output_pictures (GstRth264Dec * self)
{
  GstFlowReturn ret = GST_FLOW_OK;
  Rth264Picture pic;

  while (ret == GST_FLOW_OK
      && rth264_decoder_get_picture (self->decoder, &pic) == 0) {
    ret = gst_rth264_dec_output_picture (self, &pic);
    rth264_picture_unref (&pic);
  }
  return ret;
}

/* ---- decoding ----------------------------------------------------------- */

/* With alignment=nal, only a slice with first_mb_in_slice == 0 (7.3.3; its
 * ue(v) code is the single bit "1") opens a picture; the frames of other
 * NAL units never get one and are released at once. */
static gboolean
nal_opens_picture (const guint8 * data, gsize size, gint input_format,
    gint nal_length_size)
{
  gsize pos = 0;
  guint nal_unit_type;

  if (input_format == RTH264_INPUT_AVC) {
    pos = nal_length_size;
  } else {
    while (pos < size && data[pos] == 0)
      pos++;
    if (pos < 2 || pos >= size || data[pos] != 1)
      return FALSE;
    pos++;
  }
  if (pos + 1 >= size)
    return FALSE;
  nal_unit_type = data[pos] & 0x1f;
  if (nal_unit_type != 1 && nal_unit_type != 5)
    return FALSE;
  return (data[pos + 1] & 0x80) != 0;
}

/* Corrupt data was concealed (or dropped): warn, ask upstream for a key
 * unit, and give up only after max-errors undecodable frames in a row.
 * GST_VIDEO_DECODER_ERROR is not used: in 1.22 it posts nothing below the
 * limit (no warning for the application) and its count never goes down,
 * so a long call with rare losses would end in an error; here the count
 * restarts with every frame that decodes cleanly, as the max-errors blurb
 * ("consecutive") says. */
static GstFlowReturn
gst_rth264_dec_handle_corrupt (GstRth264Dec * self, GstVideoCodecFrame * frame,
    int err)
{
  GstVideoDecoder *decoder = GST_VIDEO_DECODER (self);
  gint max_errors = gst_video_decoder_get_max_errors (decoder);
  GstVideoDecoderRequestSyncPointFlags flags =
      GST_VIDEO_DECODER_REQUEST_SYNC_POINT_CORRUPT_OUTPUT;

  self->consecutive_errors++;
  if (max_errors >= 0 && self->consecutive_errors > (guint) max_errors) {
    GST_ELEMENT_ERROR (self, STREAM, DECODE,
        ("Too many undecodable H.264 frames in a row (%u)",
            self->consecutive_errors), ("last error: %s",
            rth264_strerror (err)));
    return GST_FLOW_ERROR;
  }
  /* One warning per run of damaged frames: a lossy call must not flood
   * the bus; the rest goes to the debug log. */
  if (self->consecutive_errors == 1)
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        ("Corrupt H.264 data, concealed"), ("frame %u: %s",
            frame->system_frame_number, rth264_strerror (err)));
  else
    GST_WARNING_OBJECT (self, "frame %u: %s (%u in a row)",
        frame->system_frame_number, rth264_strerror (err),
        self->consecutive_errors);
  /* Without output of concealed pictures, decoding the frames up to the
   * next key unit is wasted work. */
  if (!gst_rth264_dec_output_corrupt (self))
    flags |= GST_VIDEO_DECODER_REQUEST_SYNC_POINT_DISCARD_INPUT;
  gst_video_decoder_request_sync_point (decoder, frame, flags);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_rth264_dec_fatal (GstRth264Dec * self, int err)
{
  if (err == RTH264_ERR_UNSUPPORTED)
    GST_ELEMENT_ERROR (self, STREAM, CODEC_NOT_FOUND,
        ("The stream uses an H.264 feature rth264dec does not support"),
        ("%s", rth264_strerror (err)));
  else if (err == RTH264_ERR_LIMIT)
    GST_ELEMENT_ERROR (self, STREAM, DECODE,
        ("The picture size is beyond the decoder's limits"),
        ("%s", rth264_strerror (err)));
  else
    GST_ELEMENT_ERROR (self, STREAM, DECODE, ("Decoding failed"),
        ("%s", rth264_strerror (err)));
  return GST_FLOW_ERROR;
}

static int
gst_rth264_dec_send_frame (GstRth264Dec * self, GstVideoCodecFrame * frame,
    gboolean * opens_picture)
{
  GstMapInfo map;
  guintptr tag = (guintptr) frame->system_frame_number + 1;
  int err;

  if (!gst_buffer_map (frame->input_buffer, &map, GST_MAP_READ))
    return RTH264_ERR_NOMEM;
  *opens_picture = !self->nal_aligned || nal_opens_picture (map.data,
      map.size, self->input_format, self->nal_length_size);
  err = rth264_decoder_send_data (self->decoder, map.data, map.size,
      (int64_t) frame->pts, (void *) tag,
      self->nal_aligned ? 0 : RTH264_SEND_END_OF_AU);
  gst_buffer_unmap (frame->input_buffer, &map);
  return err;
}

/* Latency is the reorder depth the decoder applies (num_reorder_frames of
 * the active SPS) in frame durations; reported as soon as an SPS is
 * active, before the first picture comes out. */
static void
gst_rth264_dec_update_latency (GstRth264Dec * self)
{
  gint fps_n = FALLBACK_FPS_N, fps_d = 1;
  Rth264StreamInfo info;
  GstClockTime latency;

  if (rth264_decoder_get_stream_info (self->decoder, &info) < 0
      || MAX (info.num_reorder_frames, 0) == self->latency_frames)
    return;
  self->latency_frames = MAX (info.num_reorder_frames, 0);
  if (self->input_state && self->input_state->info.fps_n > 0) {
    fps_n = self->input_state->info.fps_n;
    fps_d = self->input_state->info.fps_d;
  } else if (info.color.fps_num > 0 && info.color.fps_den > 0) {
    fps_n = info.color.fps_num;
    fps_d = info.color.fps_den;
  }
  latency = gst_util_uint64_scale_ceil (self->latency_frames *
      (guint64) GST_SECOND, fps_d, fps_n);
  GST_DEBUG_OBJECT (self, "latency %" GST_TIME_FORMAT " (%d frames)",
      GST_TIME_ARGS (latency), self->latency_frames);
  gst_video_decoder_set_latency (GST_VIDEO_DECODER (self), latency, latency);
}

static GstFlowReturn
gst_rth264_dec_handle_frame (GstVideoDecoder * decoder,
    GstVideoCodecFrame * frame)
{
  GstRth264Dec *self = GST_RTH264_DEC (decoder);
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean opens_picture = TRUE;
  int err;

  if (!self->decoder) {
    gst_video_decoder_release_frame (decoder, frame);
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL), ("No input caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  err = gst_rth264_dec_send_frame (self, frame, &opens_picture);
  if (err == RTH264_ERR_INVALIDDATA)
    ret = gst_rth264_dec_handle_corrupt (self, frame, err);
  else if (err < 0)
    ret = gst_rth264_dec_fatal (self, err);
  else if (opens_picture)
    self->consecutive_errors = 0;

  if (!opens_picture)
    gst_video_decoder_release_frame (decoder, frame);
  else
    gst_video_codec_frame_unref (frame);
  if (ret != GST_FLOW_OK)
    return ret;
  gst_rth264_dec_update_latency (self);
  return gst_rth264_dec_output_pictures (self);
}

static GstFlowReturn
gst_rth264_dec_drain_decoder (GstRth264Dec * self)
{
  int err;

  if (!self->decoder)
    return GST_FLOW_OK;
  err = rth264_decoder_drain (self->decoder);
  if (err < 0 && err != RTH264_ERR_INVALIDDATA)
    GST_WARNING_OBJECT (self, "drain: %s", rth264_strerror (err));
  return gst_rth264_dec_output_pictures (self);
}

static GstFlowReturn
gst_rth264_dec_drain (GstVideoDecoder * decoder)
{
  return gst_rth264_dec_drain_decoder (GST_RTH264_DEC (decoder));
}

static GstFlowReturn
gst_rth264_dec_finish (GstVideoDecoder * decoder)
{
  return gst_rth264_dec_drain_decoder (GST_RTH264_DEC (decoder));
}

static gboolean
gst_rth264_dec_flush (GstVideoDecoder * decoder)
{
  GstRth264Dec *self = GST_RTH264_DEC (decoder);

  if (self->decoder)
    rth264_decoder_flush (self->decoder);
  self->consecutive_errors = 0;
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------ */

static GstCaps *
gst_rth264_dec_sink_caps (void)
{
  GstCaps *caps = gst_caps_from_string ("video/x-h264, "
      "stream-format = (string) { byte-stream, avc, avc3 }, "
      "alignment = (string) { au, nal }");
  GValue profiles = G_VALUE_INIT;

  gst_value_list_init (&profiles, G_N_ELEMENTS (supported_profiles));
  for (guint i = 0; i < G_N_ELEMENTS (supported_profiles); i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_STRING);
    g_value_set_static_string (&v, supported_profiles[i]);
    gst_value_list_append_and_take_value (&profiles, &v);
  }
  gst_caps_set_value (caps, "profile", &profiles);
  g_value_unset (&profiles);
  return caps;
}

static void
gst_rth264_dec_install_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class, PROP_OUTPUT_CORRUPT,
      g_param_spec_boolean ("output-corrupt", "Output corrupt",
          "Output pictures with concealed (lost or corrupt) areas, flagged "
          "CORRUPTED, instead of dropping them until the next key unit",
          DEFAULT_OUTPUT_CORRUPT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_OUTPUT_DELAY,
      g_param_spec_int ("output-delay", "Output delay",
          "Pictures held back for reordering: -1 = from the stream (VUI "
          "max_num_reorder_frames, else the level's DPB size), 0 = output at "
          "once (only for streams without reordering, e.g. WebRTC)",
          -1, 16, DEFAULT_OUTPUT_DELAY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_CPU_MASK,
      g_param_spec_uint ("cpu-mask", "CPU mask",
          "CPU features the decoder may use, ANDed with the CPU's "
          "(SSE2=0x1 SSSE3=0x2 SSE4.1=0x4 AVX2=0x8 NEON=0x100; 0 = C only)",
          0, G_MAXUINT, DEFAULT_CPU_MASK,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
}

static void
gst_rth264_dec_class_init (GstRth264DecClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstVideoDecoderClass *decoder_class = GST_VIDEO_DECODER_CLASS (klass);
  GstCaps *sink_caps = gst_rth264_dec_sink_caps ();

  gobject_class->set_property = gst_rth264_dec_set_property;
  gobject_class->get_property = gst_rth264_dec_get_property;
  gst_rth264_dec_install_properties (gobject_class);

  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, sink_caps));
  gst_caps_unref (sink_caps);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "rth264 H.264 decoder", "Codec/Decoder/Video",
      "Decodes H.264 Constrained Baseline and Baseline video with rth264",
      "rth264 developers");

  decoder_class->start = GST_DEBUG_FUNCPTR (gst_rth264_dec_start);
  decoder_class->stop = GST_DEBUG_FUNCPTR (gst_rth264_dec_stop);
  decoder_class->set_format = GST_DEBUG_FUNCPTR (gst_rth264_dec_set_format);
  decoder_class->handle_frame = GST_DEBUG_FUNCPTR (gst_rth264_dec_handle_frame);
  decoder_class->flush = GST_DEBUG_FUNCPTR (gst_rth264_dec_flush);
  decoder_class->drain = GST_DEBUG_FUNCPTR (gst_rth264_dec_drain);
  decoder_class->finish = GST_DEBUG_FUNCPTR (gst_rth264_dec_finish);

  GST_DEBUG_CATEGORY_INIT (gst_rth264_dec_debug, "rth264dec", 0,
      "rth264 H.264 decoder");
}

static void
gst_rth264_dec_init (GstRth264Dec * self)
{
  GstVideoDecoder *decoder = GST_VIDEO_DECODER (self);

  self->output_corrupt = DEFAULT_OUTPUT_CORRUPT;
  self->output_delay = DEFAULT_OUTPUT_DELAY;
  self->cpu_mask = DEFAULT_CPU_MASK;
  gst_video_decoder_set_packetized (decoder, TRUE);
  gst_video_decoder_set_needs_format (decoder, TRUE);
  /* No gst_video_decoder_set_needs_sync_point(): with alignment=nal
   * h264parse flags the parameter-set NAL units of a key unit as delta
   * units (they would be discarded), and the library conceals pictures
   * before the first IDR anyway while the corruption path asks upstream
   * for a key unit. */
  /* The base class default (-1) never fails; bound it. */
  gst_video_decoder_set_max_errors (decoder, DEFAULT_MAX_ERRORS);
  /* Caps without a profile field (rtph264depay) are fine: intersect with
   * the template instead of requiring a subset of it. */
  gst_video_decoder_set_use_default_pad_acceptcaps (decoder, TRUE);
  GST_PAD_SET_ACCEPT_TEMPLATE (GST_VIDEO_DECODER_SINK_PAD (decoder));
  GST_PAD_SET_ACCEPT_INTERSECT (GST_VIDEO_DECODER_SINK_PAD (decoder));
}
