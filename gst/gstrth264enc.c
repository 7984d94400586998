/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * SECTION:element-rth264enc
 * @title: rth264enc
 *
 * Encodes raw I420 or NV12 video into H.264 Constrained Baseline or Baseline
 * with the rth264 library, made for real-time use (WebRTC): no frame delay,
 * bitrate and QP bounds changeable while PLAYING without an IDR, IDRs on
 * force-key-unit events, size-limited slices for RTP packetization-mode 0.
 *
 * The profile and level are taken from downstream caps (webrtcbin turns the
 * SDP profile-level-id into them); a profile other than constrained-baseline
 * or baseline fails negotiation with an error that says so.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=300 ! video/x-raw,width=1280,height=720 ! \
 *     rth264enc bitrate=2500000 key-int-max=60 ! h264parse ! mp4mux ! filesink location=out.mp4
 * ]|
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! rth264enc bitrate=1500000 max-slice-size=1200 ! \
 *     rtph264pay mtu=1200 config-interval=-1 ! udpsink host=127.0.0.1 port=5000
 * ]|
 */
#include <stddef.h>
#include <string.h>

#include "rth264/rth264.h"
#include "gstrth264enc.h"

GST_DEBUG_CATEGORY_STATIC (gst_rth264_enc_debug);
#define GST_CAT_DEFAULT gst_rth264_enc_debug

#define DEFAULT_BITRATE 2000000
#define DEFAULT_MAX_BITRATE 0
#define DEFAULT_RATE_CONTROL GST_RTH264_ENC_RC_CBR
#define DEFAULT_QP 26
#define DEFAULT_QP_MIN 10
#define DEFAULT_QP_MAX 51
#define DEFAULT_BUFFER_SIZE 300
#define DEFAULT_KEY_INT_MAX 0
#define DEFAULT_INTRA_REFRESH FALSE
#define DEFAULT_INTRA_REFRESH_PERIOD 0
#define DEFAULT_MAX_SLICE_SIZE 0
#define DEFAULT_SLICES 1
#define DEFAULT_REFS 1
#define DEFAULT_SPEED 5
#define DEFAULT_DROP_FRAMES FALSE
#define DEFAULT_CPU_MASK ((guint) RTH264_CPU_ALL)
/* Used for rate control when the caps say "variable" (framerate=0/1). */
#define FALLBACK_FPS_N 30
/* SPS plus PPS of a Baseline stream are far below this. */
#define MAX_HEADERS_SIZE 1024

enum
{
  PROP_0,
  PROP_BITRATE,
  PROP_MAX_BITRATE,
  PROP_RATE_CONTROL,
  PROP_QP,
  PROP_QP_MIN,
  PROP_QP_MAX,
  PROP_BUFFER_SIZE,
  PROP_KEY_INT_MAX,
  PROP_INTRA_REFRESH,
  PROP_INTRA_REFRESH_PERIOD,
  PROP_MAX_SLICE_SIZE,
  PROP_SLICES,
  PROP_REFS,
  PROP_SPEED,
  PROP_DROP_FRAMES,
  PROP_CPU_MASK,
};

/* Property values, under the object lock. */
typedef struct
{
  gint bitrate, max_bitrate, rate_control;
  gint qp, qp_min, qp_max;
  gint buffer_size, key_int_max;
  gboolean intra_refresh;
  gint intra_refresh_period;
  gint max_slice_size, slices, refs, speed;
  gboolean drop_frames;
  guint cpu_mask;
} GstRth264EncProps;

struct _GstRth264Enc
{
  GstVideoEncoder parent;

  GstRth264EncProps props;      /* object lock */
  gboolean rate_changed;        /* object lock: live change to apply */

  /* streaming state, under the stream lock */
  Rth264Encoder *encoder;
  GstVideoCodecState *input_state;
  gboolean avc;                 /* stream-format=avc: length-prefixed NALs */
  gint profile;                 /* enum Rth264Profile in use */
  guint8 *chroma;               /* I420 chroma planes when the input is NV12 */
  gsize chroma_size;
};

G_DEFINE_TYPE (GstRth264Enc, gst_rth264_enc, GST_TYPE_VIDEO_ENCODER);
GST_ELEMENT_REGISTER_DEFINE (rth264enc, "rth264enc", GST_RANK_SECONDARY,
    GST_TYPE_RTH264_ENC);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw, format = (string) { I420, NV12 }, "
        "width = (int) [ 16, 8192 ], height = (int) [ 16, 8192 ], "
        "framerate = (fraction) [ 0/1, MAX ]"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-h264, "
        "stream-format = (string) { byte-stream, avc }, "
        "alignment = (string) au, "
        "profile = (string) { constrained-baseline, baseline }"));

/* ---- rate-control enum -------------------------------------------------- */

GType
gst_rth264_enc_rate_control_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_RTH264_ENC_RC_CBR, "Constant bitrate under a buffer of buffer-size ms",
        "cbr"},
    {GST_RTH264_ENC_RC_VBR, "Variable bitrate: average bitrate, peaks up to "
          "max-bitrate", "vbr"},
    {GST_RTH264_ENC_RC_CQP, "Constant QP (the qp property)", "cqp"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRth264EncRateControl", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

/* ---- properties --------------------------------------------------------- */

/* The integer properties as a table: set/get_property stay short and the
 * blurbs, ranges and defaults live in one place. */
typedef struct
{
  guint id;
  const gchar *name, *nick, *blurb;
  gint min, max, def;
  gsize offset;                 /* in GstRth264EncProps */
  gboolean live;                /* changeable in PLAYING, without an IDR */
} IntProp;

#define PROPS_OFFSET(f) offsetof (GstRth264EncProps, f)

static const IntProp int_props[] = {
  {PROP_BITRATE, "bitrate", "Bitrate",
        "Target bitrate in bit/s (cbr, vbr); changeable in PLAYING without an "
        "IDR", 1000, G_MAXINT, DEFAULT_BITRATE, PROPS_OFFSET (bitrate), TRUE},
  {PROP_MAX_BITRATE, "max-bitrate", "Max bitrate",
        "Peak bitrate in bit/s for vbr (0 = 1.5 x bitrate)", 0, G_MAXINT,
      DEFAULT_MAX_BITRATE, PROPS_OFFSET (max_bitrate), TRUE},
  {PROP_QP, "qp", "QP", "Constant QP for rate-control=cqp", 0, 51,
      DEFAULT_QP, PROPS_OFFSET (qp), FALSE},
  {PROP_QP_MIN, "qp-min", "Minimum QP",
        "Lowest QP rate control may use; changeable in PLAYING", 0, 51,
      DEFAULT_QP_MIN, PROPS_OFFSET (qp_min), TRUE},
  {PROP_QP_MAX, "qp-max", "Maximum QP",
        "Highest QP rate control may use; changeable in PLAYING", 0, 51,
      DEFAULT_QP_MAX, PROPS_OFFSET (qp_max), TRUE},
  {PROP_BUFFER_SIZE, "buffer-size", "Buffer size",
        "Rate buffer size in milliseconds (cbr): smaller bounds bursts such as "
        "IDRs more tightly; changeable in PLAYING", 10, 10000,
      DEFAULT_BUFFER_SIZE, PROPS_OFFSET (buffer_size), TRUE},
  {PROP_KEY_INT_MAX, "key-int-max", "Key interval",
        "Maximum frames between IDR pictures (0 = only on request, by "
        "force-key-unit events)", 0, G_MAXINT, DEFAULT_KEY_INT_MAX,
      PROPS_OFFSET (key_int_max), FALSE},
  {PROP_INTRA_REFRESH_PERIOD, "intra-refresh-period", "Intra refresh period",
        "Frames per intra refresh sweep with intra-refresh (0 = key-int-max, "
        "or one second when that is 0)", 0, G_MAXINT,
      DEFAULT_INTRA_REFRESH_PERIOD, PROPS_OFFSET (intra_refresh_period), FALSE},
  {PROP_MAX_SLICE_SIZE, "max-slice-size", "Max slice size",
        "Maximum size of a slice NAL unit in bytes, header included, e.g. "
        "1200 for RTP packetization-mode 0 (0 = no limit; overrides slices)",
        0, 65535, DEFAULT_MAX_SLICE_SIZE, PROPS_OFFSET (max_slice_size), FALSE},
  {PROP_SLICES, "slices", "Slices",
        "Slices per picture, of equal macroblock count", 1, 1024,
      DEFAULT_SLICES, PROPS_OFFSET (slices), FALSE},
  {PROP_REFS, "refs", "Reference frames", "Number of reference frames", 1, 4,
      DEFAULT_REFS, PROPS_OFFSET (refs), FALSE},
  {PROP_SPEED, "speed", "Speed",
        "Speed preset: 0 = slowest and best compression, 10 = fastest", 0, 10,
      DEFAULT_SPEED, PROPS_OFFSET (speed), FALSE},
};

static const IntProp *
find_int_prop (guint prop_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (int_props); i++)
    if (int_props[i].id == prop_id)
      return &int_props[i];
  return NULL;
}

static gint *
int_prop_field (GstRth264Enc * self, const IntProp * p)
{
  return (gint *) ((guint8 *) & self->props + p->offset);
}

static gboolean
set_other_property (GstRth264Enc * self, guint prop_id, const GValue * value)
{
  switch (prop_id) {
    case PROP_RATE_CONTROL:
      self->props.rate_control = g_value_get_enum (value);
      return TRUE;
    case PROP_INTRA_REFRESH:
      self->props.intra_refresh = g_value_get_boolean (value);
      return TRUE;
    case PROP_DROP_FRAMES:
      self->props.drop_frames = g_value_get_boolean (value);
      return TRUE;
    case PROP_CPU_MASK:
      self->props.cpu_mask = g_value_get_uint (value);
      return TRUE;
    default:
      return FALSE;
  }
}

static gboolean
get_other_property (GstRth264Enc * self, guint prop_id, GValue * value)
{
  switch (prop_id) {
    case PROP_RATE_CONTROL:
      g_value_set_enum (value, self->props.rate_control);
      return TRUE;
    case PROP_INTRA_REFRESH:
      g_value_set_boolean (value, self->props.intra_refresh);
      return TRUE;
    case PROP_DROP_FRAMES:
      g_value_set_boolean (value, self->props.drop_frames);
      return TRUE;
    case PROP_CPU_MASK:
      g_value_set_uint (value, self->props.cpu_mask);
      return TRUE;
    default:
      return FALSE;
  }
}

/* Live values are stored here and applied by handle_frame, in the
 * streaming thread, before the next picture. */
static void
gst_rth264_enc_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRth264Enc *self = GST_RTH264_ENC (object);
  const IntProp *p = find_int_prop (prop_id);

  GST_OBJECT_LOCK (self);
  if (p) {
    *int_prop_field (self, p) = g_value_get_int (value);
    if (p->live)
      self->rate_changed = TRUE;
  } else if (!set_other_property (self, prop_id, value)) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rth264_enc_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstRth264Enc *self = GST_RTH264_ENC (object);
  const IntProp *p = find_int_prop (prop_id);

  GST_OBJECT_LOCK (self);
  if (p)
    g_value_set_int (value, *int_prop_field (self, p));
  else if (!get_other_property (self, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rth264_enc_install_properties (GObjectClass * gobject_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  for (guint i = 0; i < G_N_ELEMENTS (int_props); i++) {
    const IntProp *p = &int_props[i];

    g_object_class_install_property (gobject_class, p->id,
        g_param_spec_int (p->name, p->nick, p->blurb, p->min, p->max, p->def,
            rw | (p->live ? GST_PARAM_MUTABLE_PLAYING :
                GST_PARAM_MUTABLE_READY)));
  }
  g_object_class_install_property (gobject_class, PROP_RATE_CONTROL,
      g_param_spec_enum ("rate-control", "Rate control", "Rate control mode",
          GST_TYPE_RTH264_ENC_RATE_CONTROL, DEFAULT_RATE_CONTROL,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_INTRA_REFRESH,
      g_param_spec_boolean ("intra-refresh", "Intra refresh",
          "Refresh with a sweeping intra column instead of periodic IDRs, "
          "which spreads the intra cost over many frames",
          DEFAULT_INTRA_REFRESH, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DROP_FRAMES,
      g_param_spec_boolean ("drop-frames", "Drop frames",
          "Skip frames when the rate buffer would overflow (the frame is "
          "dropped, timestamps of the others stay right)", DEFAULT_DROP_FRAMES,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_CPU_MASK,
      g_param_spec_uint ("cpu-mask", "CPU mask",
          "CPU features the encoder may use, ANDed with the CPU's "
          "(SSE2=0x1 SSSE3=0x2 SSE4.1=0x4 AVX2=0x8 NEON=0x100; 0 = C only)",
          0, G_MAXUINT, DEFAULT_CPU_MASK, rw | GST_PARAM_MUTABLE_READY));
}

/* ---- negotiation -------------------------------------------------------- */

static const struct
{
  const gchar *name;
  gint level_idc;
} levels[] = {
  {"1", 10}, {"1.1", 11}, {"1.2", 12}, {"1.3", 13}, {"2", 20}, {"2.1", 21},
  {"2.2", 22}, {"3", 30}, {"3.1", 31}, {"3.2", 32}, {"4", 40}, {"4.1", 41},
  {"4.2", 42}, {"5", 50}, {"5.1", 51}, {"5.2", 52}, {"6", 60}, {"6.1", 61},
  {"6.2", 62},
};

static const gchar *
level_to_string (gint level_idc)
{
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (levels[i].level_idc == level_idc)
      return levels[i].name;
  return NULL;
}

/* What downstream accepts, reduced to what the library can produce. */
typedef struct
{
  gint profile;                 /* enum Rth264Profile */
  gboolean avc;
  gboolean level_free;          /* downstream does not restrict the level */
  gint levels[G_N_ELEMENTS (levels)];   /* allowed level_idc, ascending */
  guint n_levels;
} OutputChoice;

static void
collect_levels (const GValue * level, OutputChoice * choice)
{
  choice->level_free = level == NULL;
  choice->n_levels = 0;
  if (!level)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_STRING);
    g_value_set_static_string (&v, levels[i].name);
    if (gst_value_can_intersect (&v, level)
        && gst_value_intersect (NULL, &v, level))
      choice->levels[choice->n_levels++] = levels[i].level_idc;
    g_value_unset (&v);
  }
}

/* Profile and stream-format from the first structure downstream prefers;
 * the level is kept as the set of allowed values (the library picks the
 * lowest level the stream needs; with a downstream restriction, the
 * highest allowed level is used, see pick_level). */
static gboolean
gst_rth264_enc_choose_output (GstRth264Enc * self, OutputChoice * choice)
{
  GstPad *srcpad = GST_VIDEO_ENCODER_SRC_PAD (self);
  /* The peer's caps, not gst_pad_get_allowed_caps(): that one reorders
   * list values to our template's order, and downstream's order carries a
   * preference: rtph264pay turns profile-level-id 42001f into profile
   * {baseline, constrained-baseline}, and webrtcbin then only accepts the
   * stream whose profile-level-id string is 42001f again. */
  GstCaps *allowed = gst_pad_peer_query_caps (srcpad, NULL);
  GstCaps *templ = gst_pad_get_pad_template_caps (srcpad);
  GstCaps *caps;
  GstStructure *s;

  memset (choice, 0, sizeof (*choice));
  choice->level_free = TRUE;
  if (!allowed || gst_caps_is_any (allowed)) {
    g_clear_pointer (&allowed, gst_caps_unref);
    gst_caps_unref (templ);
    return TRUE;
  }
  caps = gst_caps_intersect_full (allowed, templ, GST_CAPS_INTERSECT_FIRST);
  gst_caps_unref (templ);
  if (gst_caps_is_empty (caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
        ("Downstream accepts no H.264 that rth264enc can produce "
            "(profile constrained-baseline or baseline, stream-format "
            "byte-stream or avc, alignment au)"),
        ("downstream caps: %" GST_PTR_FORMAT, allowed));
    gst_caps_unref (allowed);
    gst_caps_unref (caps);
    return FALSE;
  }
  gst_caps_unref (allowed);
  caps = gst_caps_make_writable (gst_caps_truncate (caps));
  s = gst_caps_get_structure (caps, 0);
  collect_levels (gst_structure_get_value (s, "level"), choice);
  gst_structure_remove_field (s, "level");
  caps = gst_caps_fixate (caps);
  s = gst_caps_get_structure (caps, 0);
  choice->avc = g_strcmp0 (gst_structure_get_string (s, "stream-format"),
      "avc") == 0;
  choice->profile = g_strcmp0 (gst_structure_get_string (s, "profile"),
      "baseline") == 0 ? RTH264_PROFILE_BASELINE :
      RTH264_PROFILE_CONSTRAINED_BASELINE;
  gst_caps_unref (caps);
  return TRUE;
}

/* Input caps follow downstream (size, rate) as usual, except when
 * downstream wants only H.264 we cannot produce (profile=high...): then the
 * input caps are let through so that set_format can post an error naming
 * the profiles we make, instead of a bare not-negotiated at the source. */
static GstCaps *
gst_rth264_enc_getcaps (GstVideoEncoder * encoder, GstCaps * filter)
{
  GstPad *srcpad = GST_VIDEO_ENCODER_SRC_PAD (encoder);
  GstCaps *peer = gst_pad_peer_query_caps (srcpad, NULL);
  GstCaps *templ = gst_pad_get_pad_template_caps (srcpad);
  gboolean unproducible = peer && !gst_caps_is_empty (peer)
      && !gst_caps_is_any (peer) && !gst_caps_can_intersect (peer, templ);
  GstCaps *caps;

  gst_caps_unref (templ);
  g_clear_pointer (&peer, gst_caps_unref);
  if (!unproducible)
    return gst_video_encoder_proxy_getcaps (encoder, NULL, filter);
  caps = gst_pad_get_pad_template_caps (GST_VIDEO_ENCODER_SINK_PAD (encoder));
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

/* ---- library lifetime --------------------------------------------------- */

static void
fill_rate_settings (Rth264EncoderSettings * s, const GstRth264EncProps * p)
{
  static const int rc_modes[] = {
    [GST_RTH264_ENC_RC_CBR] = RTH264_RC_CBR,
    [GST_RTH264_ENC_RC_VBR] = RTH264_RC_VBR,
    [GST_RTH264_ENC_RC_CQP] = RTH264_RC_CQP,
  };

  s->rc_mode = rc_modes[p->rate_control];
  s->bitrate = p->bitrate;
  /* The peak only means something for vbr; elsewhere it must not make a
   * bitrate above it invalid. */
  s->max_bitrate = p->rate_control == GST_RTH264_ENC_RC_VBR ?
      p->max_bitrate : 0;
  s->buffer_ms = p->buffer_size;
  s->qp = p->qp;
  s->qp_min = p->qp_min;
  s->qp_max = p->qp_max;
  s->frame_drop = p->drop_frames;
}

static void
fill_slice_settings (Rth264EncoderSettings * s, const GstRth264EncProps * p)
{
  gint mbs = ((s->width + 15) / 16) * ((s->height + 15) / 16);

  s->slice_mode = RTH264_SLICE_SINGLE;
  if (p->max_slice_size > 0) {
    s->slice_mode = RTH264_SLICE_MAX_BYTES;
    s->slice_max_bytes = p->max_slice_size;
  } else if (p->slices > 1) {
    s->slice_mode = RTH264_SLICE_FIXED_MBS;
    s->slice_max_mbs = MAX ((mbs + p->slices - 1) / p->slices, 1);
  }
}

/* VUI from the input caps (E.2.1): pixel-aspect-ratio as the sample aspect
 * ratio, colorimetry as H.273 codes (the gst_video_*_to_iso helpers give
 * 2, unspecified, for unknown values). */
static void
fill_vui_settings (Rth264EncoderSettings * s, const GstVideoInfo * info)
{
  const GstVideoColorimetry *c = &info->colorimetry;

  if (info->par_n > 0 && info->par_d > 0 && info->par_n <= 65535
      && info->par_d <= 65535) {
    s->sar_num = info->par_n;
    s->sar_den = info->par_d;
  }
  s->full_range = c->range == GST_VIDEO_COLOR_RANGE_0_255;
  s->colour_primaries = (int) gst_video_color_primaries_to_iso (c->primaries);
  s->transfer_characteristics =
      (int) gst_video_transfer_function_to_iso (c->transfer);
  s->matrix_coefficients = (int) gst_video_color_matrix_to_iso (c->matrix);
}

static void
gst_rth264_enc_fill_settings (GstRth264Enc * self, const GstVideoInfo * info,
    gint profile, gint level_idc, Rth264EncoderSettings * s)
{
  rth264_encoder_default_settings (s);
  s->width = GST_VIDEO_INFO_WIDTH (info);
  s->height = GST_VIDEO_INFO_HEIGHT (info);
  s->fps_num = info->fps_n > 0 ? info->fps_n : FALLBACK_FPS_N;
  s->fps_den = info->fps_n > 0 ? info->fps_d : 1;
  s->profile = profile;
  s->level_idc = level_idc;
  fill_vui_settings (s, info);

  GST_OBJECT_LOCK (self);
  fill_rate_settings (s, &self->props);
  fill_slice_settings (s, &self->props);
  s->keyint = self->props.key_int_max;
  s->intra_refresh = self->props.intra_refresh;
  s->intra_refresh_period = self->props.intra_refresh_period;
  s->refs = self->props.refs;
  s->speed = self->props.speed;
  s->cpu_mask = self->props.cpu_mask;
  /* Everything is applied at open; nothing left for handle_frame. */
  self->rate_changed = FALSE;
  GST_OBJECT_UNLOCK (self);
}

static gboolean
gst_rth264_enc_open_encoder (GstRth264Enc * self, const GstVideoInfo * info,
    gint profile, gint level_idc)
{
  Rth264EncoderSettings settings;
  const char *errmsg = NULL;
  int err;

  gst_rth264_enc_fill_settings (self, info, profile, level_idc, &settings);
  rth264_encoder_close (&self->encoder);
  err = rth264_encoder_open (&self->encoder, &settings, &errmsg);
  if (err < 0) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("Invalid encoder settings: %s", errmsg ? errmsg :
            rth264_strerror (err)), ("rth264_encoder_open: %s (%dx%d, "
            "level_idc %d)", rth264_strerror (err), settings.width,
            settings.height, level_idc));
    return FALSE;
  }
  return TRUE;
}

/* When downstream restricts the level, the highest level it allows: that
 * is the level of the profile-level-id webrtcbin negotiated (rtph264pay
 * turns 42e01f into level <= 3.1), and webrtcbin refuses RTP caps whose
 * profile-level-id string differs from the negotiated one. A level above
 * what the stream needs only promises the decoder more than it gets. */
static gint
pick_level (const OutputChoice * choice, gint needed)
{
  if (choice->level_free)
    return needed;
  if (choice->n_levels == 0 || choice->levels[choice->n_levels - 1] < needed)
    return 0;
  return choice->levels[choice->n_levels - 1];
}

/* Opens with the level the library finds for size and rate, then reopens
 * at the level downstream insists on if that is a higher one. */
static gboolean
gst_rth264_enc_open_for_downstream (GstRth264Enc * self,
    const GstVideoInfo * info, const OutputChoice * choice)
{
  Rth264StreamInfo stream;
  gint level;

  if (!gst_rth264_enc_open_encoder (self, info, choice->profile, 0))
    return FALSE;
  if (rth264_encoder_get_stream_info (self->encoder, &stream) < 0)
    return TRUE;
  level = pick_level (choice, stream.level_idc);
  if (level == 0) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
        ("%dx%d at %d/%d fps needs H.264 level %s, more than downstream "
            "allows", info->width, info->height, info->fps_n, info->fps_d,
            level_to_string (stream.level_idc)), (NULL));
    return FALSE;
  }
  if (level == stream.level_idc)
    return TRUE;
  return gst_rth264_enc_open_encoder (self, info, choice->profile, level);
}

/* ---- output caps -------------------------------------------------------- */

typedef struct
{
  const guint8 *sps, *pps;
  gsize sps_size, pps_size;
} ParamSets;

/* Finds the SPS and PPS (nal_unit_type 7 and 8) in Annex B data. */
static gboolean
find_param_sets (const guint8 * data, gsize size, ParamSets * ps)
{
  gsize pos = 0;

  memset (ps, 0, sizeof (*ps));
  while (pos + 3 <= size) {
    gsize start, end;

    if (!(data[pos] == 0 && data[pos + 1] == 0 && data[pos + 2] == 1)) {
      pos++;
      continue;
    }
    start = pos + 3;
    for (end = start; end + 3 <= size; end++)
      if (data[end] == 0 && data[end + 1] == 0
          && (data[end + 2] == 1 || data[end + 2] == 0))
        break;
    if (end + 3 > size)
      end = size;
    if (end > start && (data[start] & 0x1f) == 7 && !ps->sps) {
      ps->sps = data + start;
      ps->sps_size = end - start;
    } else if (end > start && (data[start] & 0x1f) == 8 && !ps->pps) {
      ps->pps = data + start;
      ps->pps_size = end - start;
    }
    pos = end;
  }
  return ps->sps && ps->pps && ps->sps_size >= 4;
}

/* AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.2.4.1) with one SPS,
 * one PPS and 4-byte NAL lengths. */
static GstBuffer *
build_avcc (const ParamSets * ps)
{
  gsize size = 6 + 2 + ps->sps_size + 1 + 2 + ps->pps_size;
  guint8 *avcc = g_malloc (size), *p = avcc;

  *p++ = 1;                     /* configurationVersion */
  *p++ = ps->sps[1];            /* AVCProfileIndication */
  *p++ = ps->sps[2];            /* profile_compatibility */
  *p++ = ps->sps[3];            /* AVCLevelIndication */
  *p++ = 0xfc | 3;              /* lengthSizeMinusOne */
  *p++ = 0xe0 | 1;              /* numOfSequenceParameterSets */
  GST_WRITE_UINT16_BE (p, ps->sps_size);
  memcpy (p + 2, ps->sps, ps->sps_size);
  p += 2 + ps->sps_size;
  *p++ = 1;                     /* numOfPictureParameterSets */
  GST_WRITE_UINT16_BE (p, ps->pps_size);
  memcpy (p + 2, ps->pps, ps->pps_size);
  return gst_buffer_new_wrapped (avcc, size);
}

static GstBuffer *
gst_rth264_enc_codec_data (GstRth264Enc * self)
{
  guint8 headers[MAX_HEADERS_SIZE];
  ParamSets ps;
  int size = rth264_encoder_get_headers (self->encoder, headers,
      sizeof (headers));

  if (size < 0 || !find_param_sets (headers, size, &ps)) {
    GST_ELEMENT_ERROR (self, LIBRARY, ENCODE, (NULL),
        ("No SPS/PPS from the encoder: %s", size < 0 ?
            rth264_strerror (size) : "not found"));
    return NULL;
  }
  return build_avcc (&ps);
}

static gboolean
gst_rth264_enc_set_output_caps (GstRth264Enc * self,
    const OutputChoice * choice)
{
  GstVideoEncoder *encoder = GST_VIDEO_ENCODER (self);
  Rth264StreamInfo stream;
  GstVideoCodecState *out;
  GstCaps *caps;
  const gchar *level = NULL;

  if (rth264_encoder_get_stream_info (self->encoder, &stream) == 0)
    level = level_to_string (stream.level_idc);
  caps = gst_caps_new_simple ("video/x-h264",
      "stream-format", G_TYPE_STRING, choice->avc ? "avc" : "byte-stream",
      "alignment", G_TYPE_STRING, "au",
      "profile", G_TYPE_STRING,
      choice->profile == RTH264_PROFILE_BASELINE ? "baseline" :
      "constrained-baseline", NULL);
  if (level)
    gst_caps_set_simple (caps, "level", G_TYPE_STRING, level, NULL);
  if (choice->avc) {
    GstBuffer *codec_data = gst_rth264_enc_codec_data (self);

    if (!codec_data) {
      gst_caps_unref (caps);
      return FALSE;
    }
    gst_caps_set_simple (caps, "codec_data", GST_TYPE_BUFFER, codec_data,
        NULL);
    gst_buffer_unref (codec_data);
  }
  out = gst_video_encoder_set_output_state (encoder, caps, self->input_state);
  /* 4:2:0 crops in units of two (7.4.2.1.1, CropUnitX/Y): an odd input
   * size is coded one sample larger, and that is what decoders output. */
  out->info.width = GST_ROUND_UP_2 (out->info.width);
  out->info.height = GST_ROUND_UP_2 (out->info.height);
  GST_DEBUG_OBJECT (self, "output caps %" GST_PTR_FORMAT, out->caps);
  gst_video_codec_state_unref (out);
  return gst_video_encoder_negotiate (encoder);
}

/* A frame rate change alone needs no new stream (aspect ratio and
 * colorimetry live in the SPS VUI: a change there does). */
static gboolean
only_framerate_changed (const GstVideoInfo * old, const GstVideoInfo * info)
{
  return old->finfo == info->finfo && old->width == info->width
      && old->height == info->height && old->par_n == info->par_n
      && old->par_d == info->par_d
      && gst_video_colorimetry_is_equal (&old->colorimetry, &info->colorimetry);
}

static gboolean
gst_rth264_enc_set_format (GstVideoEncoder * encoder,
    GstVideoCodecState * state)
{
  GstRth264Enc *self = GST_RTH264_ENC (encoder);
  const GstVideoInfo *info = &state->info;
  OutputChoice choice;

  GST_DEBUG_OBJECT (self, "input caps %" GST_PTR_FORMAT, state->caps);
  if (self->encoder && self->input_state
      && only_framerate_changed (&self->input_state->info, info)
      && info->fps_n > 0) {
    OutputChoice same = { .profile = self->profile, .avc = self->avc };

    rth264_encoder_set_framerate (self->encoder, info->fps_n, info->fps_d);
    gst_video_codec_state_unref (self->input_state);
    self->input_state = gst_video_codec_state_ref (state);
    /* same stream, new framerate in the caps */
    return gst_rth264_enc_set_output_caps (self, &same);
  }
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  self->input_state = gst_video_codec_state_ref (state);

  /* The encoder outputs every picture as soon as it is coded: no frame
   * of latency (see docs/elements.md). */
  gst_video_encoder_set_latency (encoder, 0, 0);
  if (!gst_rth264_enc_choose_output (self, &choice))
    return FALSE;
  if (!gst_rth264_enc_open_for_downstream (self, info, &choice))
    return FALSE;
  self->avc = choice.avc;
  self->profile = choice.profile;
  return gst_rth264_enc_set_output_caps (self, &choice);
}

/* ---- encoding ----------------------------------------------------------- */

/* Live property changes, applied between pictures: no IDR. */
static void
gst_rth264_enc_apply_live_changes (GstRth264Enc * self)
{
  GstRth264EncProps p;
  gboolean changed;
  int err = 0;

  GST_OBJECT_LOCK (self);
  changed = self->rate_changed;
  self->rate_changed = FALSE;
  p = self->props;
  GST_OBJECT_UNLOCK (self);
  if (!changed)
    return;

  GST_INFO_OBJECT (self, "bitrate %d max %d, qp %d-%d, buffer %d ms",
      p.bitrate, p.max_bitrate, p.qp_min, p.qp_max, p.buffer_size);
  err = rth264_encoder_set_bitrate (self->encoder, p.bitrate,
      p.rate_control == GST_RTH264_ENC_RC_VBR ? p.max_bitrate : 0);
  if (err == 0)
    err = rth264_encoder_set_buffer (self->encoder, p.buffer_size);
  if (err == 0)
    err = rth264_encoder_set_qp_bounds (self->encoder, p.qp_min, p.qp_max);
  if (err < 0)
    GST_ELEMENT_WARNING (self, LIBRARY, SETTINGS,
        ("Rate settings not applied (bitrate %d, qp-min %d, qp-max %d, "
            "buffer-size %d)", p.bitrate, p.qp_min, p.qp_max, p.buffer_size),
        ("%s", rth264_strerror (err)));
}

/* NV12's interleaved chroma is split into the I420 planes the library
 * takes. */
static gboolean
gst_rth264_enc_split_nv12 (GstRth264Enc * self, const GstVideoFrame * vframe,
    Rth264Picture * pic)
{
  gint cw = GST_VIDEO_FRAME_COMP_WIDTH (vframe, 1);
  gint ch = GST_VIDEO_FRAME_COMP_HEIGHT (vframe, 1);
  const guint8 *uv = GST_VIDEO_FRAME_PLANE_DATA (vframe, 1);
  gint uv_stride = GST_VIDEO_FRAME_PLANE_STRIDE (vframe, 1);
  gsize need = (gsize) cw * ch * 2;

  if (self->chroma_size < need) {
    g_free (self->chroma);
    self->chroma = g_try_malloc (need);
    self->chroma_size = self->chroma ? need : 0;
    if (!self->chroma)
      return FALSE;
  }
  pic->data[1] = self->chroma;
  pic->data[2] = self->chroma + (gsize) cw * ch;
  pic->stride[1] = pic->stride[2] = cw;
  for (gint y = 0; y < ch; y++) {
    const guint8 *row = uv + (gsize) y * uv_stride;
    guint8 *u = pic->data[1] + (gsize) y * cw, *v = pic->data[2] + (gsize) y * cw;

    for (gint x = 0; x < cw; x++) {
      u[x] = row[2 * x];
      v[x] = row[2 * x + 1];
    }
  }
  return TRUE;
}

static gboolean
gst_rth264_enc_fill_picture (GstRth264Enc * self, const GstVideoFrame * vframe,
    GstVideoCodecFrame * frame, Rth264Picture * pic)
{
  memset (pic, 0, sizeof (*pic));
  pic->width = GST_VIDEO_FRAME_WIDTH (vframe);
  pic->height = GST_VIDEO_FRAME_HEIGHT (vframe);
  pic->pts = (int64_t) frame->pts;
  pic->data[0] = GST_VIDEO_FRAME_COMP_DATA (vframe, 0);
  pic->stride[0] = GST_VIDEO_FRAME_COMP_STRIDE (vframe, 0);
  if (GST_VIDEO_FRAME_FORMAT (vframe) == GST_VIDEO_FORMAT_NV12)
    return gst_rth264_enc_split_nv12 (self, vframe, pic);
  for (guint i = 1; i < 3; i++) {
    pic->data[i] = GST_VIDEO_FRAME_COMP_DATA (vframe, i);
    pic->stride[i] = GST_VIDEO_FRAME_COMP_STRIDE (vframe, i);
  }
  return TRUE;
}

/* avc: parameter sets live in codec_data; every other NAL unit gets a
 * 4-byte big-endian length instead of its start code. */
static gsize
avc_size (const Rth264EncodedFrame * out)
{
  gsize size = 0;

  for (int i = 0; i < out->num_nals; i++) {
    const Rth264Nal *nal = &out->nals[i];

    if (nal->type != 7 && nal->type != 8)
      size += 4 + nal->size - nal->start_code_size;
  }
  return size;
}

static void
write_avc (guint8 * dst, const Rth264EncodedFrame * out)
{
  for (int i = 0; i < out->num_nals; i++) {
    const Rth264Nal *nal = &out->nals[i];
    gsize payload = nal->size - nal->start_code_size;

    if (nal->type == 7 || nal->type == 8)
      continue;
    GST_WRITE_UINT32_BE (dst, payload);
    memcpy (dst + 4, out->data + nal->offset + nal->start_code_size, payload);
    dst += 4 + payload;
  }
}

static gboolean
encoded_frame_is_sane (const Rth264EncodedFrame * out)
{
  for (int i = 0; i < out->num_nals; i++) {
    const Rth264Nal *nal = &out->nals[i];

    if (nal->offset > out->size || nal->size > out->size - nal->offset
        || nal->start_code_size < 3 || (gsize) nal->start_code_size > nal->size)
      return FALSE;
  }
  return out->num_nals >= 0 && out->num_nals <= RTH264_MAX_NALS;
}

static GstFlowReturn
gst_rth264_enc_push_encoded (GstRth264Enc * self, GstVideoCodecFrame * frame,
    const Rth264EncodedFrame * out)
{
  GstVideoEncoder *encoder = GST_VIDEO_ENCODER (self);
  gsize size = self->avc ? avc_size (out) : out->size;
  GstFlowReturn ret;
  GstMapInfo map;

  if (!encoded_frame_is_sane (out)) {
    GST_ELEMENT_ERROR (self, LIBRARY, ENCODE, (NULL),
        ("Encoder returned an inconsistent NAL table"));
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_ERROR;
  }
  ret = gst_video_encoder_allocate_output_frame (encoder, frame, size);
  if (ret != GST_FLOW_OK) {
    gst_video_codec_frame_unref (frame);
    return ret;
  }
  if (!gst_buffer_map (frame->output_buffer, &map, GST_MAP_WRITE)) {
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_ERROR;
  }
  if (self->avc)
    write_avc (map.data, out);
  else
    memcpy (map.data, out->data, out->size);
  gst_buffer_unmap (frame->output_buffer, &map);

  if (out->frame_type == RTH264_FRAME_IDR)
    GST_VIDEO_CODEC_FRAME_SET_SYNC_POINT (frame);
  return gst_video_encoder_finish_frame (encoder, frame);
}

static GstFlowReturn
gst_rth264_enc_handle_frame (GstVideoEncoder * encoder,
    GstVideoCodecFrame * frame)
{
  GstRth264Enc *self = GST_RTH264_ENC (encoder);
  Rth264EncodedFrame out;
  Rth264Picture pic;
  GstVideoFrame vframe;
  int err = RTH264_ERR_NOMEM;

  if (!self->encoder || !self->input_state) {
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  gst_rth264_enc_apply_live_changes (self);
  if (GST_VIDEO_CODEC_FRAME_IS_FORCE_KEYFRAME (frame)) {
    GST_DEBUG_OBJECT (self, "key unit requested for frame %u",
        frame->system_frame_number);
    rth264_encoder_request_keyframe (self->encoder);
  }
  if (!gst_video_frame_map (&vframe, &self->input_state->info,
          frame->input_buffer, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL),
        ("Could not map the input frame"));
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_ERROR;
  }
  if (gst_rth264_enc_fill_picture (self, &vframe, frame, &pic))
    err = rth264_encoder_encode (self->encoder, &pic, &out);
  gst_video_frame_unmap (&vframe);
  if (err < 0) {
    GST_ELEMENT_ERROR (self, LIBRARY, ENCODE, ("Encoding failed"),
        ("rth264_encoder_encode: %s", rth264_strerror (err)));
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_ERROR;
  }
  if (out.dropped) {
    /* No output buffer: the base class drops the frame and the following
     * frames keep their own timestamps. */
    GST_DEBUG_OBJECT (self, "rate control dropped frame %u",
        frame->system_frame_number);
    return gst_video_encoder_finish_frame (encoder, frame);
  }
  return gst_rth264_enc_push_encoded (self, frame, &out);
}

/* No frame delay in the library: nothing to drain at EOS. */
static GstFlowReturn
gst_rth264_enc_finish (GstVideoEncoder * encoder)
{
  return GST_FLOW_OK;
}

static gboolean
gst_rth264_enc_flush (GstVideoEncoder * encoder)
{
  GstRth264Enc *self = GST_RTH264_ENC (encoder);

  /* After a flush (seek) the stream restarts: begin with an IDR. */
  if (self->encoder)
    rth264_encoder_request_keyframe (self->encoder);
  return TRUE;
}

/* The library reads the planes where they are (any stride): upstream may
 * hand over buffers with GstVideoMeta, no copy into a fixed layout. */
static gboolean
gst_rth264_enc_propose_allocation (GstVideoEncoder * encoder, GstQuery * query)
{
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  return GST_VIDEO_ENCODER_CLASS (gst_rth264_enc_parent_class)->
      propose_allocation (encoder, query);
}

static gboolean
gst_rth264_enc_start (GstVideoEncoder * encoder)
{
  GST_DEBUG_OBJECT (encoder, "start, library %s", rth264_version ());
  return TRUE;
}

static gboolean
gst_rth264_enc_stop (GstVideoEncoder * encoder)
{
  GstRth264Enc *self = GST_RTH264_ENC (encoder);

  rth264_encoder_close (&self->encoder);
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  g_clear_pointer (&self->chroma, g_free);
  self->chroma_size = 0;
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
gst_rth264_enc_class_init (GstRth264EncClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstVideoEncoderClass *encoder_class = GST_VIDEO_ENCODER_CLASS (klass);

  gobject_class->set_property = gst_rth264_enc_set_property;
  gobject_class->get_property = gst_rth264_enc_get_property;
  gst_rth264_enc_install_properties (gobject_class);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "rth264 H.264 encoder", "Codec/Encoder/Video",
      "Encodes real-time H.264 Constrained Baseline / Baseline video with rth264",
      "rth264 developers");

  encoder_class->start = GST_DEBUG_FUNCPTR (gst_rth264_enc_start);
  encoder_class->stop = GST_DEBUG_FUNCPTR (gst_rth264_enc_stop);
  encoder_class->set_format = GST_DEBUG_FUNCPTR (gst_rth264_enc_set_format);
  encoder_class->getcaps = GST_DEBUG_FUNCPTR (gst_rth264_enc_getcaps);
  encoder_class->handle_frame = GST_DEBUG_FUNCPTR (gst_rth264_enc_handle_frame);
  encoder_class->finish = GST_DEBUG_FUNCPTR (gst_rth264_enc_finish);
  encoder_class->flush = GST_DEBUG_FUNCPTR (gst_rth264_enc_flush);
  encoder_class->propose_allocation =
      GST_DEBUG_FUNCPTR (gst_rth264_enc_propose_allocation);

  gst_type_mark_as_plugin_api (GST_TYPE_RTH264_ENC_RATE_CONTROL, 0);
  GST_DEBUG_CATEGORY_INIT (gst_rth264_enc_debug, "rth264enc", 0,
      "rth264 H.264 encoder");
}

static void
gst_rth264_enc_init (GstRth264Enc * self)
{
  for (guint i = 0; i < G_N_ELEMENTS (int_props); i++)
    *int_prop_field (self, &int_props[i]) = int_props[i].def;
  self->props.rate_control = DEFAULT_RATE_CONTROL;
  self->props.intra_refresh = DEFAULT_INTRA_REFRESH;
  self->props.drop_frames = DEFAULT_DROP_FRAMES;
  self->props.cpu_mask = DEFAULT_CPU_MASK;
}
