/* SPDX-License-Identifier: BSD-2-Clause */
/* Element tests for rth264enc: negotiation, settings errors, live bitrate
 * change, key units on request, avc framing, caps change, round trip,
 * aspect ratio and colorimetry through the VUI. */
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/video/gstvideodecoder.h>

#include "gsttestutil.h"

#define W 320
#define H 240
#define RAW_CAPS "video/x-raw,format=I420,width=320,height=240,framerate=30/1"

static GstHarness *
enc_harness (const gchar * sink_caps, GstBus ** bus)
{
  GstHarness *h = gst_harness_new ("rth264enc");

  if (bus) {
    *bus = gst_bus_new ();
    gst_element_set_bus (h->element, *bus);
  }
  /* Downstream caps first: set_format runs when the input caps arrive. */
  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  return h;
}

/* Input caps go out with the first push, after the test set properties. */
static GstFlowReturn
push_frame (GstHarness * h, guint n)
{
  GstCaps *caps = gst_pad_get_current_caps (h->srcpad);

  if (caps)
    gst_caps_unref (caps);
  else
    gst_harness_set_src_caps_str (h, RAW_CAPS);
  return gst_harness_push (h, test_frame_new (GST_VIDEO_FORMAT_I420, W, H,
          n));
}

/* Frame n through the encoder harness e (input caps set), its output on
 * into the harness next. */
static void
encode_into (GstHarness * e, GstHarness * next, guint n)
{
  fail_unless_equals_int (gst_harness_push (e, test_frame_new
          (GST_VIDEO_FORMAT_I420, W, H, n)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (next, gst_harness_pull (e)),
      GST_FLOW_OK);
}

static gboolean
is_idr (GstBuffer * buf, gboolean avc)
{
  return !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT)
      && test_count_nals (buf, avc, 5) > 0;
}

static const gchar *
output_caps_string (GstHarness * h, const gchar * field)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
  const gchar *v;

  fail_unless (caps != NULL);
  v = gst_structure_get_string (gst_caps_get_structure (caps, 0), field);
  /* the caps stay alive on the pad */
  gst_caps_unref (caps);
  return v;
}

/* The element posted an error whose message or debug text contains
 * `expected`. */
static void
check_error_posted (GstBus * bus, const gchar * expected)
{
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *dbg = NULL, *text;

  fail_unless (msg != NULL, "no error posted");
  gst_message_parse_error (msg, &err, &dbg);
  text = g_strdup_printf ("%s | %s", err->message, dbg ? dbg : "");
  fail_unless (strstr (text, expected) != NULL, "%s", text);
  g_free (text);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
}

GST_START_TEST (test_byte_stream_output)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);
  GstBuffer *buf;

  for (guint i = 0; i < 10; i++) {
    fail_unless_equals_int (push_frame (h, i), GST_FLOW_OK);
    buf = gst_harness_pull (h);
    fail_unless (buf != NULL);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf),
        gst_util_uint64_scale (i, GST_SECOND, 30));
    if (i == 0) {
      fail_unless (is_idr (buf, FALSE));
      fail_unless_equals_int (test_count_nals (buf, FALSE, 7), 1);
      fail_unless_equals_int (test_count_nals (buf, FALSE, 8), 1);
    } else {
      fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DELTA_UNIT));
    }
    gst_buffer_unref (buf);
  }
  fail_unless_equals_string (output_caps_string (h, "profile"),
      "constrained-baseline");
  fail_unless (output_caps_string (h, "level") != NULL);
  {
    GstClockTime min = 1, max = 1;

    /* no frame delay: every picture's access unit comes out at once */
    gst_video_encoder_get_latency (GST_VIDEO_ENCODER (h->element), &min,
        &max);
    fail_unless (min == 0 && max == 0);
  }
  gst_harness_teardown (h);
}
GST_END_TEST;

/* avc: codec_data is an avcC with the SPS, buffers are length-prefixed
 * and carry no parameter sets. */
GST_START_TEST (test_avc_output)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=avc", NULL);
  GstCaps *caps;
  const GValue *cd;
  GstMapInfo map;
  GstBuffer *buf;

  fail_unless_equals_int (push_frame (h, 0), GST_FLOW_OK);
  buf = gst_harness_pull (h);
  fail_unless (is_idr (buf, TRUE));
  fail_unless_equals_int (test_count_nals (buf, TRUE, 7), 0);
  gst_buffer_unref (buf);

  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless_equals_string (gst_structure_get_string
      (gst_caps_get_structure (caps, 0), "stream-format"), "avc");
  cd = gst_structure_get_value (gst_caps_get_structure (caps, 0),
      "codec_data");
  fail_unless (cd != NULL);
  fail_unless (gst_buffer_map (gst_value_get_buffer (cd), &map, GST_MAP_READ));
  fail_unless (map.size > 11);
  fail_unless_equals_int (map.data[0], 1);
  fail_unless_equals_int (map.data[1], 66);     /* profile_idc Baseline */
  fail_unless_equals_int (map.data[4] & 3, 3);  /* 4-byte lengths */
  fail_unless_equals_int (map.data[5] & 0x1f, 1);
  fail_unless_equals_int (map.data[8] & 0x1f, 7);
  gst_buffer_unmap (gst_value_get_buffer (cd), &map);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* webrtcbin's caps for profile-level-id 42e01f and 42001f. */
GST_START_TEST (test_profile_level_from_downstream)
{
  GstHarness *h = enc_harness ("video/x-h264,profile=constrained-baseline,"
      "level=(string)3.1", NULL);

  push_frame (h, 0);
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless_equals_string (output_caps_string (h, "level"), "3.1");
  gst_harness_teardown (h);

  h = enc_harness ("video/x-h264,profile=baseline", NULL);
  push_frame (h, 0);
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless_equals_string (output_caps_string (h, "profile"), "baseline");
  gst_harness_teardown (h);
}
GST_END_TEST;

/* A profile it cannot produce: not-negotiated and an error that says why. */
GST_START_TEST (test_refuses_high_profile)
{
  GstBus *bus;
  GstHarness *h = enc_harness ("video/x-h264,profile=high", &bus);

  fail_unless_equals_int (push_frame (h, 0), GST_FLOW_NOT_NEGOTIATED);
  check_error_posted (bus, "constrained-baseline");
  test_harness_teardown_with_bus (h, bus);
}
GST_END_TEST;

/* qp-min above qp-max: the library's message in an element error. */
GST_START_TEST (test_bad_settings)
{
  GstBus *bus;
  GstHarness *h = enc_harness (NULL, &bus);

  g_object_set (h->element, "qp-min", 40, "qp-max", 20, NULL);
  fail_if (push_frame (h, 0) == GST_FLOW_OK);
  check_error_posted (bus, "Invalid encoder settings");
  test_harness_teardown_with_bus (h, bus);
}
GST_END_TEST;

static gboolean
output_is_avc (GstHarness * h)
{
  return g_strcmp0 (output_caps_string (h, "stream-format"), "avc") == 0;
}

static guint
push_and_count_idrs_sized (GstHarness * h, guint start, guint count,
    gsize * bytes)
{
  guint idrs = 0;

  for (guint i = start; i < start + count; i++) {
    GstBuffer *buf;

    fail_unless_equals_int (push_frame (h, i), GST_FLOW_OK);
    buf = gst_harness_pull (h);
    if (is_idr (buf, output_is_avc (h)))
      idrs++;
    if (bytes)
      *bytes += gst_buffer_get_size (buf);
    gst_buffer_unref (buf);
  }
  return idrs;
}

static guint
push_and_count_idrs (GstHarness * h, guint start, guint count)
{
  return push_and_count_idrs_sized (h, start, count, NULL);
}

/* WebRTC changes the bitrate every second: never an IDR for it, but the
 * new rate takes effect (the stream gets smaller, then larger again). */
GST_START_TEST (test_bitrate_change_no_idr)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);
  gsize high = 0, low = 0, back = 0;

  g_object_set (h->element, "bitrate", 4000000, "qp-min", 0, NULL);
  fail_unless_equals_int (push_and_count_idrs (h, 0, 10), 1);
  fail_unless_equals_int (push_and_count_idrs_sized (h, 10, 30, &high), 0);
  g_object_set (h->element, "bitrate", 100000, NULL);
  fail_unless_equals_int (push_and_count_idrs (h, 40, 15), 0);
  fail_unless_equals_int (push_and_count_idrs_sized (h, 55, 30, &low), 0);
  g_object_set (h->element, "bitrate", 4000000, "qp-min", 5, "qp-max", 45,
      NULL);
  fail_unless_equals_int (push_and_count_idrs (h, 85, 15), 0);
  fail_unless_equals_int (push_and_count_idrs_sized (h, 100, 30, &back), 0);
  GST_INFO ("bytes per 30 frames: %" G_GSIZE_FORMAT " at 4 Mbit/s, %"
      G_GSIZE_FORMAT " at 100 kbit/s, %" G_GSIZE_FORMAT " back at 4 Mbit/s",
      high, low, back);
  fail_unless (low * 2 < high, "lower bitrate not applied");
  fail_unless (back > low * 2, "higher bitrate not applied");
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Upstream force-key-unit (a PLI from the receiver): IDR on the next frame. */
GST_START_TEST (test_force_key_unit)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);
  GstBuffer *buf;

  fail_unless_equals_int (push_and_count_idrs (h, 0, 5), 1);
  fail_unless (gst_harness_push_upstream_event (h,
          gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE,
              TRUE, 1)));
  fail_unless_equals_int (push_frame (h, 5), GST_FLOW_OK);
  buf = gst_harness_pull (h);
  fail_unless (is_idr (buf, FALSE), "frame after force-key-unit is no IDR");
  fail_unless_equals_int (test_count_nals (buf, FALSE, 7), 1);
  gst_buffer_unref (buf);
  fail_unless_equals_int (push_and_count_idrs (h, 6, 5), 0);

  /* the same from upstream (a downstream force-key-unit event) */
  fail_unless (gst_harness_push_event (h,
          gst_video_event_new_downstream_force_key_unit (GST_CLOCK_TIME_NONE,
              GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE, TRUE, 2)));
  fail_unless_equals_int (push_frame (h, 11), GST_FLOW_OK);
  buf = gst_harness_pull (h);
  fail_unless (is_idr (buf, FALSE), "frame after downstream event is no IDR");
  gst_buffer_unref (buf);
  fail_unless_equals_int (push_and_count_idrs (h, 12, 3), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* A new input size: new caps downstream and an IDR first. */
GST_START_TEST (test_input_size_change)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=avc", NULL);
  GstBuffer *buf;
  GstCaps *caps;
  gint width = 0;

  fail_unless_equals_int (push_and_count_idrs (h, 0, 3), 1);
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=I420,width=176,height=144,framerate=30/1");
  fail_unless_equals_int (gst_harness_push (h, test_frame_new
          (GST_VIDEO_FORMAT_I420, 176, 144, 3)), GST_FLOW_OK);
  buf = gst_harness_pull (h);
  fail_unless (is_idr (buf, TRUE));
  gst_buffer_unref (buf);
  caps = gst_pad_get_current_caps (h->sinkpad);
  gst_structure_get_int (gst_caps_get_structure (caps, 0), "width", &width);
  fail_unless_equals_int (width, 176);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* An impossible live change (qp-min above qp-max) is refused with a
 * warning; the stream goes on with the old values. */
GST_START_TEST (test_bad_live_change)
{
  GstBus *bus;
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", &bus);
  GstMessage *msg;

  fail_unless_equals_int (push_and_count_idrs (h, 0, 3), 1);
  g_object_set (h->element, "qp-min", 45, "qp-max", 20, NULL);
  fail_unless_equals_int (push_and_count_idrs (h, 3, 3), 0);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "no warning for qp-min > qp-max");
  gst_message_unref (msg);
  fail_if (gst_bus_have_pending (bus) && gst_bus_pop_filtered (bus,
          GST_MESSAGE_ERROR) != NULL);
  test_harness_teardown_with_bus (h, bus);
}
GST_END_TEST;

/* A frame rate change alone keeps the stream (no IDR) and updates the
 * caps downstream. */
GST_START_TEST (test_framerate_change)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=avc", NULL);
  GstCaps *caps;
  gint fps_n = 0, fps_d = 0;

  fail_unless_equals_int (push_and_count_idrs (h, 0, 3), 1);
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=I420,width=320,height=240,framerate=15/1");
  fail_unless_equals_int (push_and_count_idrs (h, 3, 3), 0);
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_structure_get_fraction (gst_caps_get_structure (caps, 0),
          "framerate", &fps_n, &fps_d));
  fail_unless (fps_n == 15 && fps_d == 1);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Sizes changing every few frames through rth264enc ! rth264dec: each
 * change reopens the encoder (IDR), the decoder renegotiates, every
 * picture comes out at its own size and close to its input. */
GST_START_TEST (test_renegotiation_chain)
{
  static const gint sizes[][2] = { {320, 240}, {176, 144}, {64, 48},
  {320, 240}, {96, 200}, {176, 144}
  };
  GstHarness *h = gst_harness_new_parse ("rth264enc ! rth264dec");
  guint n = 0;

  for (guint round = 0; round < G_N_ELEMENTS (sizes); round++) {
    gint w = sizes[round][0], hh = sizes[round][1];
    gchar *caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,"
        "height=%d,framerate=30/1", w, hh);

    gst_harness_set_src_caps_str (h, caps);
    g_free (caps);
    for (guint i = 0; i < 3; i++, n++) {
      GstBuffer *in = test_frame_new (GST_VIDEO_FORMAT_I420, w, hh, n);
      GstBuffer *out;
      GstCaps *oc;
      GstVideoInfo info;

      fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
          GST_FLOW_OK);
      out = gst_harness_pull (h);
      oc = gst_pad_get_current_caps (h->sinkpad);
      fail_unless (gst_video_info_from_caps (&info, oc));
      fail_unless (info.width == w && info.height == hh, "%dx%d for %dx%d",
          info.width, info.height, w, hh);
      fail_unless (test_psnr_i420 (in, out, w, hh) > 30.0);
      gst_caps_unref (oc);
      gst_buffer_unref (in);
      gst_buffer_unref (out);
    }
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  gst_harness_teardown (h);
}
GST_END_TEST;

/* EOS before any frame, and a second EOS: nothing to drain, no crash. */
GST_START_TEST (test_eos_without_data)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);

  gst_harness_set_src_caps_str (h, RAW_CAPS);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_received (h), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* NV12 and I420 input of the same pictures give the same bitstream. */
GST_START_TEST (test_nv12_matches_i420)
{
  GstHarness *a = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);
  GstHarness *b = gst_harness_new ("rth264enc");

  gst_harness_set_src_caps_str (b,
      "video/x-raw,format=NV12,width=320,height=240,framerate=30/1");
  gst_harness_set_sink_caps_str (b, "video/x-h264,stream-format=byte-stream");
  for (guint i = 0; i < 5; i++) {
    GstBuffer *ba, *bb;

    push_frame (a, i);
    gst_harness_push (b, test_frame_new (GST_VIDEO_FORMAT_NV12, W, H, i));
    ba = gst_harness_pull (a);
    bb = gst_harness_pull (b);
    fail_unless_equals_int (gst_buffer_get_size (ba),
        gst_buffer_get_size (bb));
    {
      GstMapInfo m;

      fail_unless (gst_buffer_map (bb, &m, GST_MAP_READ));
      fail_unless_equals_int (gst_buffer_memcmp (ba, 0, m.data, m.size), 0);
      gst_buffer_unmap (bb, &m);
    }
    gst_buffer_unref (ba);
    gst_buffer_unref (bb);
  }
  gst_harness_teardown (a);
  gst_harness_teardown (b);
}
GST_END_TEST;

/* Encode, decode with rth264dec and with avdec_h264: good PSNR against the
 * input, and both decoders give identical pictures. */
static GPtrArray *
decode_with (const gchar * decoder, GPtrArray * stream)
{
  GstHarness *h = gst_harness_new (decoder);
  GPtrArray *pics = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  GstBuffer *buf;

  gst_harness_set_src_caps_str (h,
      "video/x-h264,stream-format=byte-stream,alignment=au,"
      "profile=constrained-baseline,width=320,height=240,framerate=30/1");
  for (guint i = 0; i < stream->len; i++)
    fail_unless_equals_int (gst_harness_push (h,
            gst_buffer_ref (g_ptr_array_index (stream, i))), GST_FLOW_OK);
  if (g_str_equal (decoder, "rth264dec")) {
    GstClockTime min, max;

    /* the VUI of rth264enc's SPS says no reordering: no decoder latency */
    gst_video_decoder_get_latency (GST_VIDEO_DECODER (h->element), &min, &max);
    fail_unless_equals_uint64 (max, 0);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  while ((buf = gst_harness_try_pull (h)))
    g_ptr_array_add (pics, buf);
  gst_harness_teardown (h);
  return pics;
}

static gboolean
same_pictures (GstBuffer * a, GstBuffer * b)
{
  return test_psnr_i420 (a, b, W, H) == 100.0;
}

/* props: gst_util_set_object_arg pairs, NULL-terminated. */
static void
round_trip (const gchar * const *props, gdouble min_db)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);
  GPtrArray *stream = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  GPtrArray *ours, *theirs;
  const guint n = 30;
  gdouble min_psnr = 100;

  for (guint i = 0; props[i]; i += 2)
    gst_util_set_object_arg (G_OBJECT (h->element), props[i], props[i + 1]);
  for (guint i = 0; i < n; i++) {
    push_frame (h, i);
    g_ptr_array_add (stream, gst_harness_pull (h));
  }
  gst_harness_teardown (h);

  ours = decode_with ("rth264dec", stream);
  fail_unless_equals_int (ours->len, n);
  for (guint i = 0; i < n; i++) {
    GstBuffer *in = test_frame_new (GST_VIDEO_FORMAT_I420, W, H, i);
    GstBuffer *out = g_ptr_array_index (ours, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), GST_BUFFER_PTS (in));
    fail_if (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_CORRUPTED));
    min_psnr = MIN (min_psnr, test_psnr_i420 (in, out, W, H));
    gst_buffer_unref (in);
  }
  GST_INFO ("%s=%s...: lowest PSNR %.2f dB", props[0], props[1], min_psnr);
  fail_unless (min_psnr > min_db, "PSNR %.2f dB", min_psnr);

  if (have_element ("avdec_h264")) {
    theirs = decode_with ("avdec_h264", stream);
    fail_unless_equals_int (theirs->len, n);
    for (guint i = 0; i < n; i++)
      fail_unless (same_pictures (g_ptr_array_index (ours, i),
              g_ptr_array_index (theirs, i)), "picture %u differs", i);
    g_ptr_array_unref (theirs);
  }
  g_ptr_array_unref (ours);
  g_ptr_array_unref (stream);
}

GST_START_TEST (test_round_trip)
{
  static const gchar *const plain[] = { "bitrate", "1500000", NULL };
  static const gchar *const cqp[] = { "rate-control", "cqp", "qp", "22", NULL };
  static const gchar *const tools[] = { "refs", "3", "slices", "4",
    "speed", "0", "key-int-max", "7", NULL
  };
  static const gchar *const refresh[] = { "intra-refresh", "true",
    "intra-refresh-period", "10",
    "max-slice-size", "500", "speed", "10", NULL
  };

  round_trip (plain, 30.0);
  round_trip (cqp, 35.0);
  round_trip (tools, 30.0);
  round_trip (refresh, 30.0);
}
GST_END_TEST;

/* Caps without a frame rate (an RTP depayloader's): the decoder takes it
 * from the VUI timing_info rth264enc writes; colorimetry is the BT.601
 * default for this size, never "unknown". */
GST_START_TEST (test_decoder_caps_from_vui)
{
  GstHarness *e = gst_harness_new ("rth264enc");
  GstHarness *d = gst_harness_new ("rth264dec");
  GstVideoInfo info;
  GstCaps *caps;

  gst_harness_set_sink_caps_str (e, "video/x-h264,stream-format=byte-stream");
  gst_harness_set_src_caps_str (e,
      "video/x-raw,format=I420,width=320,height=240,framerate=25/1");
  gst_harness_set_src_caps_str (d,
      "video/x-h264,stream-format=byte-stream,alignment=au");
  for (guint i = 0; i < 3; i++) {
    encode_into (e, d, i);
    gst_buffer_unref (gst_harness_pull (d));
  }
  caps = gst_pad_get_current_caps (d->sinkpad);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless (info.fps_n == 25 && info.fps_d == 1, "framerate %d/%d",
      info.fps_n, info.fps_d);
  fail_unless (gst_video_colorimetry_matches (&info.colorimetry,
          GST_VIDEO_COLORIMETRY_BT601), "colorimetry %" GST_PTR_FORMAT, caps);
  gst_caps_unref (caps);
  gst_harness_teardown (e);
  gst_harness_teardown (d);
}
GST_END_TEST;

/* pixel-aspect-ratio and colorimetry of the input caps go into the SPS VUI
 * (E.2.1), where h264parse reads them back into its output caps. */
GST_START_TEST (test_vui_par_colorimetry_round_trip)
{
  static const struct
  {
    const gchar *raw_caps;
    gint par_n, par_d;
    const gchar *colorimetry;
  } cases[] = {
    {"video/x-raw,format=I420,width=320,height=240,framerate=30/1,"
          "pixel-aspect-ratio=16/11,colorimetry=bt709", 16, 11, "bt709"},
    {"video/x-raw,format=I420,width=320,height=240,framerate=30/1,"
          "pixel-aspect-ratio=7/5,colorimetry=bt2020", 7, 5, "bt2020"},
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    GstHarness *e = gst_harness_new ("rth264enc");
    GstHarness *p = gst_harness_new ("h264parse");
    GstVideoColorimetry want, got;
    GstStructure *st;
    GstCaps *caps;
    gint par_n = 0, par_d = 0;

    gst_harness_set_sink_caps_str (e, "video/x-h264,stream-format=byte-stream");
    gst_harness_set_src_caps_str (e, cases[c].raw_caps);
    gst_harness_set_src_caps_str (p,
        "video/x-h264,stream-format=byte-stream,alignment=au");
    for (guint i = 0; i < 2; i++) {
      encode_into (e, p, i);
    }
    caps = gst_pad_get_current_caps (p->sinkpad);
    fail_unless (caps != NULL);
    st = gst_caps_get_structure (caps, 0);
    fail_unless (gst_structure_get_fraction (st, "pixel-aspect-ratio", &par_n,
            &par_d), "no pixel-aspect-ratio in %" GST_PTR_FORMAT, caps);
    fail_unless (par_n == cases[c].par_n && par_d == cases[c].par_d,
        "pixel-aspect-ratio %d/%d, want %d/%d", par_n, par_d, cases[c].par_n,
        cases[c].par_d);
    fail_unless (gst_structure_get_string (st, "colorimetry") != NULL,
        "no colorimetry in %" GST_PTR_FORMAT, caps);
    fail_unless (gst_video_colorimetry_from_string (&got,
            gst_structure_get_string (st, "colorimetry")));
    fail_unless (gst_video_colorimetry_from_string (&want,
            cases[c].colorimetry));
    fail_unless (gst_video_colorimetry_is_equal (&got, &want),
        "colorimetry %s, want %s", gst_structure_get_string (st,
            "colorimetry"), cases[c].colorimetry);
    gst_caps_unref (caps);
    gst_harness_teardown (e);
    gst_harness_teardown (p);
  }
}

GST_END_TEST;

/* Frame dropping: dropped frames leave no buffer, the others keep their
 * own timestamps. */
GST_START_TEST (test_drop_frames_timestamps)
{
  GstHarness *h = enc_harness ("video/x-h264,stream-format=byte-stream", NULL);
  GstClockTime last = GST_CLOCK_TIME_NONE;
  GstBuffer *buf;
  guint out = 0;

  g_object_set (h->element, "bitrate", 20000, "drop-frames", TRUE,
      "buffer-size", 100, NULL);
  for (guint i = 0; i < 30; i++)
    fail_unless_equals_int (push_frame (h, i * 7), GST_FLOW_OK);
  while ((buf = gst_harness_try_pull (h))) {
    GstClockTime pts = GST_BUFFER_PTS (buf);

    fail_unless (GST_CLOCK_TIME_IS_VALID (pts));
    fail_unless (!GST_CLOCK_TIME_IS_VALID (last) || pts > last);
    last = pts;
    out++;
    gst_buffer_unref (buf);
  }
  GST_INFO ("%u of 30 frames kept", out);
  fail_unless (out > 0 && out < 30, "%u of 30 kept: nothing dropped", out);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* ---- downstream elements accept the output ------------------------------ */

static void
check_pipeline (const gchar * tail)
{
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=30 ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "rth264enc key-int-max=10 ! %s", tail);
  gchar *error = NULL;

  fail_unless (test_run_pipeline (desc, 60 * GST_SECOND, &error),
      "%s: %s", desc, error);
  g_free (desc);
}

GST_START_TEST (test_downstream_elements)
{
  check_pipeline ("h264parse ! fakesink");
  check_pipeline ("h264parse ! mp4mux ! fakesink");
  check_pipeline ("h264parse ! matroskamux ! fakesink");
  check_pipeline ("rtph264pay ! fakesink");
  check_pipeline ("video/x-h264,stream-format=avc ! mp4mux ! fakesink");
  check_pipeline ("h264parse ! avdec_h264 ! fakesink");
  check_pipeline ("video/x-h264,stream-format=avc ! avdec_h264 ! fakesink");
  check_pipeline ("video/x-h264,stream-format=avc ! rth264dec ! fakesink");
  check_pipeline ("video/x-h264,stream-format=avc ! h264parse ! "
      "video/x-h264,stream-format=byte-stream ! rth264dec ! fakesink");
}
GST_END_TEST;

/* max-slice-size=1200: every slice NAL fits one RTP packet of mtu 1200
 * in packetization-mode 0 style (no FU-A needed). */
static void
on_rtp (GstElement * sink, GstBuffer * buf, GstPad * pad, guint * fu_a)
{
  GstMapInfo map;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  if (map.size > 12 && (map.data[12] & 0x1f) == 28)
    (*fu_a)++;
  gst_buffer_unmap (buf, &map);
}

GST_START_TEST (test_max_slice_size_rtp)
{
  GstElement *pipeline = gst_parse_launch ("videotestsrc num-buffers=20 "
      "pattern=snow ! video/x-raw,format=I420,width=640,height=480,"
      "framerate=30/1 ! rth264enc max-slice-size=1200 bitrate=4000000 ! "
      "rtph264pay mtu=1300 aggregate-mode=none ! fakesink name=sink "
      "signal-handoffs=true", NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  guint fu_a = 0;

  g_signal_connect (sink, "handoff", G_CALLBACK (on_rtp), &fu_a);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  fail_unless_equals_int (fu_a, 0);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* NULL <-> PLAYING repeatedly, with and without data flowing. */
GST_START_TEST (test_state_changes)
{
  GstElement *pipeline = gst_parse_launch ("videotestsrc is-live=true ! "
      "video/x-raw,format=I420,width=160,height=96,framerate=30/1 ! "
      "rth264enc ! rth264dec ! fakesink", NULL);

  fail_unless (pipeline != NULL);
  for (guint i = 0; i < 10; i++) {
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE);
    fail_if (gst_element_get_state (pipeline, NULL, NULL, 5 * GST_SECOND) ==
        GST_STATE_CHANGE_FAILURE);
    g_usleep ((i % 3) * 50000);
    fail_if (gst_element_set_state (pipeline, GST_STATE_NULL) ==
        GST_STATE_CHANGE_FAILURE);
  }
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* docs/elements.md documents every property the elements install. */
static void
check_documented (const gchar * factory, const gchar * docs)
{
  GstElement *e = gst_element_factory_make (factory, NULL);
  guint n;
  GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (e),
      &n);

  for (guint i = 0; i < n; i++) {
    gchar *quoted;

    if (specs[i]->owner_type != G_OBJECT_TYPE (e))
      continue;
    quoted = g_strdup_printf ("| `%s` |", specs[i]->name);
    fail_unless (strstr (docs, quoted) != NULL, "%s: %s not in elements.md",
        factory, specs[i]->name);
    g_free (quoted);
  }
  g_free (specs);
  gst_object_unref (e);
}

GST_START_TEST (test_docs_list_properties)
{
  const gchar *src = g_getenv ("RTH264_SOURCE_DIR");
  gchar *path, *docs = NULL;

  if (!src)
    return;
  path = g_build_filename (src, "docs", "elements.md", NULL);
  fail_unless (g_file_get_contents (path, &docs, NULL, NULL));
  check_documented ("rth264enc", docs);
  check_documented ("rth264dec", docs);
  g_free (docs);
  g_free (path);
}
GST_END_TEST;

static Suite *
rth264enc_suite (void)
{
  Suite *s = suite_create ("rth264enc");
  TCase *tc = tcase_create ("general");
  gboolean have_system = have_element ("videotestsrc");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_docs_list_properties);
  tcase_add_test (tc, test_byte_stream_output);
  tcase_add_test (tc, test_avc_output);
  tcase_add_test (tc, test_profile_level_from_downstream);
  tcase_add_test (tc, test_refuses_high_profile);
  tcase_add_test (tc, test_bad_settings);
  tcase_add_test (tc, test_bitrate_change_no_idr);
  tcase_add_test (tc, test_force_key_unit);
  tcase_add_test (tc, test_input_size_change);
  tcase_add_test (tc, test_framerate_change);
  tcase_add_test (tc, test_bad_live_change);
  tcase_add_test (tc, test_nv12_matches_i420);
  tcase_add_test (tc, test_renegotiation_chain);
  tcase_add_test (tc, test_eos_without_data);
  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_decoder_caps_from_vui);
  tcase_add_test (tc, test_vui_par_colorimetry_round_trip);
  tcase_add_test (tc, test_drop_frames_timestamps);
  if (have_system) {
    tcase_add_test (tc, test_state_changes);
    tcase_add_test (tc, test_downstream_elements);
    tcase_add_test (tc, test_max_slice_size_rtp);
  }
  return s;
}

GST_CHECK_MAIN (rth264enc);
