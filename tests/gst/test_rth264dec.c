/* SPDX-License-Identifier: BSD-2-Clause */
/* Element tests for rth264dec: caps, every input framing, resolution
 * change, flush, and damaged input (garbage, truncation, max-errors). */
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/gstvideodecoder.h>

#include "gsttestutil.h"

#define MD5_BA_MW_D "7d5d351ad061640294bf43a43150fbca"        /* 176x144, 100 */
#define MD5_BA1_FT_C "4f2da01d1d1ae7b99bea3fe1fb9e8ef4"       /* 352x288, 299 */

/* One decode through a pipeline: a digest per run of same-size pictures. */
typedef struct
{
  PictureHash hash;
  GPtrArray *digests;
  GArray *frames;
  GArray *widths;
  guint warnings;
  gchar *error;
} DecodeRun;

static void
decode_run_close_segment (DecodeRun * r)
{
  if (r->hash.frames == 0)
    return;
  g_ptr_array_add (r->digests, g_strdup (picture_hash_digest (&r->hash)));
  g_array_append_val (r->frames, r->hash.frames);
  g_array_append_val (r->widths, r->hash.width);
  picture_hash_clear (&r->hash);
  picture_hash_init (&r->hash);
}

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, DecodeRun * r)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstVideoInfo info;

  fail_unless (caps && gst_video_info_from_caps (&info, caps));
  if (r->hash.frames && info.width != r->hash.width)
    decode_run_close_segment (r);
  fail_unless (picture_hash_add (&r->hash, buf, caps));
  gst_caps_unref (caps);
}

static void
decode_run_clear (DecodeRun * r)
{
  picture_hash_clear (&r->hash);
  g_ptr_array_unref (r->digests);
  g_array_unref (r->frames);
  g_array_unref (r->widths);
  g_free (r->error);
}

/* filesrc ! h264parse ! <framing> ! rth264dec <props> ! fakesink */
static void
decode_file (const gchar * path, const gchar * framing, const gchar * props,
    DecodeRun * r)
{
  gchar *desc = g_strdup_printf ("filesrc location=\"%s\" ! h264parse ! %s ! "
      "rth264dec name=dec %s ! fakesink name=sink signal-handoffs=true "
      "sync=false", path, framing, props ? props : "");
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink;
  GstBus *bus;
  gboolean done = FALSE;

  memset (r, 0, sizeof (*r));
  picture_hash_init (&r->hash);
  r->digests = g_ptr_array_new_with_free_func (g_free);
  r->frames = g_array_new (FALSE, FALSE, sizeof (guint));
  r->widths = g_array_new (FALSE, FALSE, sizeof (gint));
  fail_unless (pipeline != NULL, "could not build %s", desc);
  g_free (desc);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), r);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
    GError *err = NULL;

    fail_unless (msg != NULL, "timeout decoding %s", path);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      r->warnings++;
    } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      gst_message_parse_error (msg, &err, NULL);
      r->error = g_strdup (err->message);
      g_clear_error (&err);
      done = TRUE;
    } else {
      done = TRUE;
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  decode_run_close_segment (r);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
}

static gchar *
conformance_file (const gchar * name)
{
  gchar *sub = g_build_filename ("conformance", "baseline", name, NULL);
  gchar *path = test_shared_path (sub);

  g_free (sub);
  return path;
}

#define SKIP_WITHOUT(path) \
  if (!(path)) { GST_INFO ("shared data absent, skipped"); return; }

static void
check_single_stream (const gchar * framing)
{
  gchar *path = conformance_file ("BA_MW_D.264");
  DecodeRun r;

  SKIP_WITHOUT (path);
  decode_file (path, framing, NULL, &r);
  fail_unless (r.error == NULL, "error: %s", r.error);
  fail_unless_equals_int (r.digests->len, 1);
  fail_unless_equals_int (g_array_index (r.frames, guint, 0), 100);
  fail_unless_equals_string (g_ptr_array_index (r.digests, 0), MD5_BA_MW_D);
  decode_run_clear (&r);
  g_free (path);
}

GST_START_TEST (test_byte_stream_au)
{
  check_single_stream ("video/x-h264,stream-format=byte-stream,alignment=au");
}
GST_END_TEST;

GST_START_TEST (test_byte_stream_nal)
{
  check_single_stream ("video/x-h264,stream-format=byte-stream,alignment=nal");
}
GST_END_TEST;

GST_START_TEST (test_avc_au)
{
  check_single_stream ("video/x-h264,stream-format=avc,alignment=au");
}
GST_END_TEST;

GST_START_TEST (test_avc3_au)
{
  check_single_stream ("video/x-h264,stream-format=avc3,alignment=au");
}
GST_END_TEST;

GST_START_TEST (test_avc_nal)
{
  check_single_stream ("video/x-h264,stream-format=avc,alignment=nal");
}
GST_END_TEST;

/* 176x144 followed by 352x288 in one byte-stream: new SPS, new caps, and
 * both parts still bit-exact. */
static void
check_resolution_change (const gchar * framing)
{
  gchar *a = conformance_file ("BA_MW_D.264");
  gchar *b = conformance_file ("BA1_FT_C.264");
  gchar *da = NULL, *db = NULL, *both;
  gsize la, lb;
  DecodeRun r;

  SKIP_WITHOUT (a && b);
  fail_unless (g_file_get_contents (a, &da, &la, NULL));
  fail_unless (g_file_get_contents (b, &db, &lb, NULL));
  {
    gchar *name = g_strdup_printf ("rth264-size-change-%d.264", (int) getpid ());

    both = g_build_filename (g_get_tmp_dir (), name, NULL);
    g_free (name);
  }
  {
    gchar *cat = g_malloc (la + lb);

    memcpy (cat, da, la);
    memcpy (cat + la, db, lb);
    fail_unless (g_file_set_contents (both, cat, la + lb, NULL));
    g_free (cat);
  }
  decode_file (both, framing, NULL, &r);
  fail_unless (r.error == NULL, "error: %s", r.error);
  fail_unless_equals_int (r.digests->len, 2);
  fail_unless_equals_int (g_array_index (r.widths, gint, 0), 176);
  fail_unless_equals_int (g_array_index (r.widths, gint, 1), 352);
  fail_unless_equals_int (g_array_index (r.frames, guint, 0), 100);
  fail_unless_equals_int (g_array_index (r.frames, guint, 1), 299);
  fail_unless_equals_string (g_ptr_array_index (r.digests, 0), MD5_BA_MW_D);
  fail_unless_equals_string (g_ptr_array_index (r.digests, 1), MD5_BA1_FT_C);
  decode_run_clear (&r);
  g_unlink (both);
  g_free (both);
  g_free (da);
  g_free (db);
  g_free (a);
  g_free (b);
}

GST_START_TEST (test_resolution_change)
{
  check_resolution_change
      ("video/x-h264,stream-format=byte-stream,alignment=au");
}
GST_END_TEST;

GST_START_TEST (test_resolution_change_avc)
{
  check_resolution_change ("video/x-h264,stream-format=avc,alignment=au");
}
GST_END_TEST;

GST_START_TEST (test_sink_caps_profiles)
{
  GstElement *dec = gst_element_factory_make ("rth264dec", NULL);
  GstPad *sink = gst_element_get_static_pad (dec, "sink");
  GstCaps *cb = gst_caps_from_string ("video/x-h264,stream-format=avc,"
      "alignment=au,profile=constrained-baseline");
  GstCaps *high = gst_caps_from_string ("video/x-h264,"
      "stream-format=byte-stream,alignment=au,profile=high");
  GstCaps *templ = gst_pad_get_pad_template_caps (sink);

  fail_unless (gst_caps_can_intersect (templ, cb));
  fail_if (gst_caps_can_intersect (templ, high),
      "decodebin must fall back to another decoder for High");
  gst_caps_unref (templ);
  gst_caps_unref (cb);
  gst_caps_unref (high);
  gst_object_unref (sink);
  gst_object_unref (dec);
}
GST_END_TEST;

/* ---- harness tests on rth264dec alone ---------------------------------- */

static GstHarness *
dec_harness (GstBus ** bus, const gchar * props)
{
  GstHarness *h = gst_harness_new ("rth264dec");

  if (props)
    gst_util_set_object_arg (G_OBJECT (h->element), "max-errors", props);
  *bus = gst_bus_new ();
  gst_element_set_bus (h->element, *bus);
  gst_harness_set_src_caps_str (h,
      "video/x-h264,stream-format=byte-stream,alignment=au");
  return h;
}

static guint
count_messages (GstBus * bus, GstMessageType type)
{
  GstMessage *msg;
  guint n = 0;

  while ((msg = gst_bus_pop_filtered (bus, type))) {
    n++;
    gst_message_unref (msg);
  }
  return n;
}

static GstBuffer *
garbage_au (GRand * rand, guint8 nal_header, gsize size)
{
  guint8 *d = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    d[i] = (guint8) g_rand_int (rand);
  d[0] = d[1] = d[2] = 0;
  d[3] = 1;
  d[4] = nal_header;
  return gst_buffer_new_wrapped (d, size);
}

/* Random NAL payloads (SPS, PPS, IDR and P slices): warnings or an error,
 * never a crash; the element reaches EOS cleanly. */
GST_START_TEST (test_garbage_input)
{
  static const guint8 headers[] = { 0x67, 0x68, 0x65, 0x41, 0x06 };
  GstBus *bus;
  GstHarness *h = dec_harness (&bus, "-1");
  GRand *rand = g_rand_new_with_seed (1234);
  guint messages;

  for (guint i = 0; i < 200; i++) {
    GstBuffer *buf = garbage_au (rand, headers[i % G_N_ELEMENTS (headers)],
        6 + g_rand_int_range (rand, 0, 3000));
    GstFlowReturn ret;

    GST_BUFFER_PTS (buf) = i * GST_SECOND / 30;
    ret = gst_harness_push (h, buf);
    fail_unless (ret == GST_FLOW_OK || ret == GST_FLOW_ERROR);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  messages = count_messages (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  fail_unless (messages > 0, "garbage produced no warning and no error");
  g_rand_free (rand);
  test_harness_teardown_with_bus (h, bus);
}
GST_END_TEST;

/* Access units from h264parse (byte-stream, au) of a conformance file. */
static GPtrArray *
parse_access_units (const gchar * path)
{
  GstHarness *h = gst_harness_new ("h264parse");
  GPtrArray *aus = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  gchar *data;
  gsize size;
  GstBuffer *buf;

  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  gst_harness_set_sink_caps_str (h,
      "video/x-h264,stream-format=byte-stream,alignment=au");
  gst_harness_set_src_caps_str (h, "video/x-h264,stream-format=byte-stream");
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_new_wrapped (data,
              size)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  while ((buf = gst_harness_try_pull (h)))
    g_ptr_array_add (aus, buf);
  gst_harness_teardown (h);
  return aus;
}

static guint
upstream_key_unit_requests (GstHarness * h)
{
  GstEvent *ev;
  guint n = 0;

  while ((ev = gst_harness_try_pull_upstream_event (h))) {
    if (gst_video_event_is_force_key_unit (ev))
      n++;
    gst_event_unref (ev);
  }
  return n;
}

/* Every access unit after the first (the IDR) cut to 60%: the decoder
 * conceals, warns and keeps outputting (max-errors=-1). */
GST_START_TEST (test_truncated_input)
{
  gchar *path = conformance_file ("BA_MW_D.264");
  GPtrArray *aus;
  GstBus *bus;
  GstHarness *h;
  guint out, corrupted = 0;
  GstBuffer *buf;

  SKIP_WITHOUT (path);
  aus = parse_access_units (path);
  fail_unless_equals_int (aus->len, 100);
  h = dec_harness (&bus, "-1");
  for (guint i = 0; i < aus->len; i++) {
    GstBuffer *au = g_ptr_array_index (aus, i);
    gsize size = gst_buffer_get_size (au);

    au = gst_buffer_copy_region (au, GST_BUFFER_COPY_ALL, 0,
        i == 0 ? size : size * 6 / 10);
    fail_unless_equals_int (gst_harness_push (h, au), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_buffers_received (h);
  while ((buf = gst_harness_try_pull (h))) {
    if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_CORRUPTED))
      corrupted++;
    gst_buffer_unref (buf);
  }
  fail_unless (out >= 90, "only %u of 100 pictures output", out);
  fail_unless (corrupted > 0, "concealed pictures are not flagged");
  fail_unless (count_messages (bus, GST_MESSAGE_WARNING) > 0);
  fail_unless_equals_int (count_messages (bus, GST_MESSAGE_ERROR), 0);
  fail_unless (upstream_key_unit_requests (h) > 0,
      "no key unit requested upstream");
  test_harness_teardown_with_bus (h, bus);
  g_ptr_array_unref (aus);
  g_free (path);
}
GST_END_TEST;

/* Bit errors in a third of the access units (fixed seed): concealed,
 * never a crash, every access unit still gives a picture. */
GST_START_TEST (test_bit_errors)
{
  gchar *path = conformance_file ("CI1_FT_B.264");
  GRand *rand = g_rand_new_with_seed (2024);
  GPtrArray *aus;
  GstBus *bus;
  GstHarness *h;

  SKIP_WITHOUT (path);
  aus = parse_access_units (path);
  h = dec_harness (&bus, "-1");
  for (guint i = 0; i < aus->len; i++) {
    GstBuffer *au = gst_buffer_copy_deep (g_ptr_array_index (aus, i));
    GstMapInfo map;

    fail_unless (gst_buffer_map (au, &map, GST_MAP_WRITE));
    if (i > 0 && g_rand_int_range (rand, 0, 3) == 0)
      for (guint k = 0; k < 8; k++) {
        gsize pos = 8 + g_rand_int_range (rand, 0, MAX (map.size - 8, 1));

        if (pos < map.size)
          map.data[pos] ^= 1 << g_rand_int_range (rand, 0, 8);
      }
    gst_buffer_unmap (au, &map);
    fail_unless_equals_int (gst_harness_push (h, au), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  GST_INFO ("%u pictures from %u access units", gst_harness_buffers_received
      (h), aus->len);
  fail_unless (gst_harness_buffers_received (h) >= aus->len * 9 / 10);
  fail_unless (count_messages (bus, GST_MESSAGE_WARNING) > 0);
  test_harness_teardown_with_bus (h, bus);
  g_ptr_array_unref (aus);
  g_rand_free (rand);
  g_free (path);
}
GST_END_TEST;

/* With output-corrupt=false nothing concealed reaches downstream. */
GST_START_TEST (test_no_corrupt_output)
{
  gchar *path = conformance_file ("BA_MW_D.264");
  GPtrArray *aus;
  GstBus *bus;
  GstHarness *h;
  GstBuffer *buf;

  SKIP_WITHOUT (path);
  aus = parse_access_units (path);
  h = dec_harness (&bus, "-1");
  g_object_set (h->element, "output-corrupt", FALSE, NULL);
  for (guint i = 0; i < aus->len; i++) {
    GstBuffer *au = g_ptr_array_index (aus, i);
    gsize size = gst_buffer_get_size (au);

    au = gst_buffer_copy_region (au, GST_BUFFER_COPY_ALL, 0,
        i == 50 ? size / 2 : size);
    fail_unless_equals_int (gst_harness_push (h, au), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  fail_unless (gst_harness_buffers_received (h) >= 50);
  fail_unless (gst_harness_buffers_received (h) < 100);
  while ((buf = gst_harness_try_pull (h))) {
    fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_CORRUPTED));
    gst_buffer_unref (buf);
  }
  test_harness_teardown_with_bus (h, bus);
  g_ptr_array_unref (aus);
  g_free (path);
}
GST_END_TEST;

/* Only undecodable frames: after max-errors of them in a row, an error. */
GST_START_TEST (test_max_errors)
{
  GstBus *bus;
  GstHarness *h = dec_harness (&bus, "3");
  GRand *rand = g_rand_new_with_seed (99);
  GstFlowReturn ret = GST_FLOW_OK;
  guint pushed = 0;

  while (ret == GST_FLOW_OK && pushed < 100) {
    ret = gst_harness_push (h, garbage_au (rand, 0x65, 500));
    pushed++;
  }
  fail_unless_equals_int (ret, GST_FLOW_ERROR);
  fail_unless (pushed >= 4 && pushed < 100, "failed after %u frames", pushed);
  fail_unless_equals_int (count_messages (bus, GST_MESSAGE_ERROR), 1);
  g_rand_free (rand);
  test_harness_teardown_with_bus (h, bus);
}
GST_END_TEST;

/* A flush (seek) in the middle, then the stream again from its start:
 * the second pass decodes to the same pictures. */
GST_START_TEST (test_flush_restart)
{
  gchar *path = conformance_file ("BA_MW_D.264");
  GPtrArray *aus;
  GstBus *bus;
  GstHarness *h;
  PictureHash hash;
  GstBuffer *buf;
  GstCaps *caps;

  SKIP_WITHOUT (path);
  aus = parse_access_units (path);
  h = dec_harness (&bus, NULL);
  for (guint i = 0; i < 40; i++)
    gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (aus, i)));
  gst_harness_push_event (h, gst_event_new_flush_start ());
  gst_harness_push_event (h, gst_event_new_flush_stop (TRUE));
  gst_harness_set_src_caps_str (h,
      "video/x-h264,stream-format=byte-stream,alignment=au");
  while ((buf = gst_harness_try_pull (h)))
    gst_buffer_unref (buf);
  for (guint i = 0; i < aus->len; i++)
    fail_unless_equals_int (gst_harness_push (h,
            gst_buffer_ref (g_ptr_array_index (aus, i))), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  picture_hash_init (&hash);
  caps = gst_pad_get_current_caps (h->sinkpad);
  while ((buf = gst_harness_try_pull (h))) {
    fail_unless (picture_hash_add (&hash, buf, caps));
    gst_buffer_unref (buf);
  }
  fail_unless_equals_int (hash.frames, 100);
  fail_unless_equals_string (picture_hash_digest (&hash), MD5_BA_MW_D);
  picture_hash_clear (&hash);
  gst_caps_unref (caps);
  test_harness_teardown_with_bus (h, bus);
  g_ptr_array_unref (aus);
  g_free (path);
}
GST_END_TEST;

/* Latency = the reorder depth of the SPS in frame durations, known as
 * soon as the SPS is active: MR1_BT_A holds 9 pictures back (no frame
 * rate anywhere: 30 fps assumed), a stream from rth264enc none. */
static GstClockTime
latency_after_first_au (const gchar * path)
{
  GPtrArray *aus = parse_access_units (path);
  GstHarness *h = gst_harness_new ("rth264dec");
  GstClockTime min = GST_CLOCK_TIME_NONE, max = GST_CLOCK_TIME_NONE;

  gst_harness_set_src_caps_str (h,
      "video/x-h264,stream-format=byte-stream,alignment=au");
  fail_unless_equals_int (gst_harness_push (h,
          gst_buffer_ref (g_ptr_array_index (aus, 0))), GST_FLOW_OK);
  gst_video_decoder_get_latency (GST_VIDEO_DECODER (h->element), &min, &max);
  fail_unless_equals_uint64 (min, max);
  gst_harness_teardown (h);
  g_ptr_array_unref (aus);
  return min;
}

GST_START_TEST (test_latency)
{
  gchar *path = conformance_file ("MR1_BT_A.h264");

  SKIP_WITHOUT (path);
  fail_unless_equals_uint64 (latency_after_first_au (path),
      gst_util_uint64_scale_ceil (9, GST_SECOND, 30));
  g_free (path);
}
GST_END_TEST;

/* EOS before any data and state changes without data: no crash, no leak. */
GST_START_TEST (test_eos_without_data)
{
  GstHarness *h = gst_harness_new ("rth264dec");

  gst_harness_set_src_caps_str (h,
      "video/x-h264,stream-format=byte-stream,alignment=au");
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_received (h), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_state_changes)
{
  GstElement *dec = gst_element_factory_make ("rth264dec", NULL);

  for (guint i = 0; i < 20; i++) {
    fail_unless (gst_element_set_state (dec, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_set_state (dec, GST_STATE_NULL) !=
        GST_STATE_CHANGE_FAILURE);
  }
  gst_object_unref (dec);
}
GST_END_TEST;

/* Damaged streams: conceal and keep going, never an error. */
GST_START_TEST (test_damaged_streams)
{
  static const gchar *const files[] = {
    "BA_MW_D_IDR_LOST.264", "BA_MW_D_P_LOST.264", "Error_I_P.264",
    "sps_subsetsps_bothVUI.264",
  };
  gchar *dir = test_shared_path ("conformance/damaged");

  SKIP_WITHOUT (dir);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    gchar *path = g_build_filename (dir, files[i], NULL);
    DecodeRun r;

    decode_file (path, "video/x-h264,stream-format=byte-stream,alignment=au",
        NULL, &r);
    /* The SVC stream has no picture for this decoder (ffmpeg outputs
     * none either): GstVideoDecoder's own "no valid frames" at EOS. */
    if (r.error && g_str_has_prefix (files[i], "sps_subsetsps"))
      fail_unless (strstr (r.error, "No valid frames") != NULL, "%s", r.error);
    else
      fail_unless (r.error == NULL, "%s: error %s", files[i], r.error);
    GST_INFO ("%s: %u warnings", files[i], r.warnings);
    decode_run_clear (&r);
    g_free (path);
  }
  g_free (dir);
}
GST_END_TEST;

/* An MP4 written by rth264enc (IDR every 15 frames), played with flushing
 * seeks: each seek flushes the decoder, decoding restarts at a key unit,
 * the pipeline reaches EOS without an error. */
static void
count_frame (GstElement * sink, GstBuffer * buf, GstPad * pad, guint * n)
{
  (*n)++;
}

GST_START_TEST (test_flushing_seeks)
{
  gchar *name = g_strdup_printf ("rth264-seek-%d.mp4", (int) getpid ());
  gchar *file = g_build_filename (g_get_tmp_dir (), name, NULL);
  gchar *desc = g_strdup_printf ("videotestsrc num-buffers=90 ! "
      "video/x-raw,format=I420,width=176,height=144,framerate=30/1 ! "
      "rth264enc key-int-max=15 ! h264parse ! mp4mux ! filesink "
      "location=\"%s\"", file);
  gchar *error = NULL;
  GstElement *pipeline, *sink;
  GstBus *bus;
  GstMessage *msg;
  guint frames = 0;

  if (!have_element ("mp4mux"))
    return;
  fail_unless (test_run_pipeline (desc, 60 * GST_SECOND, &error), "%s", error);
  g_free (desc);
  desc = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! h264parse ! "
      "rth264dec ! fakesink name=sink signal-handoffs=true sync=false", file);
  pipeline = gst_parse_launch (desc, NULL);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (count_frame), &frames);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  fail_unless (gst_element_get_state (pipeline, NULL, NULL, 30 * GST_SECOND)
      == GST_STATE_CHANGE_SUCCESS);
  for (guint i = 0; i < 4; i++) {
    fail_unless (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
            GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT,
            (i % 2 ? 500 : 1500) * GST_MSECOND));
    fail_unless (gst_element_get_state (pipeline, NULL, NULL,
            30 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  }
  frames = 0;
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  /* last seek went to 0.5 s, a key unit at 0.5 s: 75 pictures left */
  fail_unless (frames >= 70 && frames <= 76, "%u frames after the seek",
      frames);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_unlink (file);
  g_free (file);
  g_free (name);
  g_free (desc);
}
GST_END_TEST;

static Suite *
rth264dec_suite (void)
{
  Suite *s = suite_create ("rth264dec");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_sink_caps_profiles);
  tcase_add_test (tc, test_byte_stream_au);
  tcase_add_test (tc, test_byte_stream_nal);
  tcase_add_test (tc, test_avc_au);
  tcase_add_test (tc, test_avc3_au);
  tcase_add_test (tc, test_avc_nal);
  tcase_add_test (tc, test_resolution_change);
  tcase_add_test (tc, test_resolution_change_avc);
  tcase_add_test (tc, test_garbage_input);
  tcase_add_test (tc, test_truncated_input);
  tcase_add_test (tc, test_bit_errors);
  tcase_add_test (tc, test_no_corrupt_output);
  tcase_add_test (tc, test_max_errors);
  tcase_add_test (tc, test_flush_restart);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_eos_without_data);
  tcase_add_test (tc, test_state_changes);
  tcase_add_test (tc, test_damaged_streams);
  tcase_add_test (tc, test_flushing_seeks);
  return s;
}

GST_CHECK_MAIN (rth264dec);
