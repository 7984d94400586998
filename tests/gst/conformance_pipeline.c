/* SPDX-License-Identifier: BSD-2-Clause */
/* Every stream of conformance/baseline/MD5SUMS.tsv through
 *   filesrc ! h264parse ! <framing caps> ! rth264dec ! fakesink
 * must give the listed frame count and MD5 of the I420 output.
 * Usage: conformance_pipeline <byte-stream|avc|avc3|nal> [--props=...] [name...]
 * (--props: rth264dec properties, e.g. --props=cpu-mask=0 for the C code)
 * Exit 77 (skip) when the shared data is absent. */
#include <stdio.h>
#include <string.h>

#include "gsttestutil.h"

typedef struct
{
  gchar *file;
  guint frames;
  gchar *md5;
} Entry;

static const gchar *
framing_caps (const gchar * variant)
{
  if (!strcmp (variant, "byte-stream"))
    return "video/x-h264,stream-format=byte-stream,alignment=au";
  if (!strcmp (variant, "avc"))
    return "video/x-h264,stream-format=avc,alignment=au";
  if (!strcmp (variant, "avc3"))
    return "video/x-h264,stream-format=avc3,alignment=au";
  if (!strcmp (variant, "nal"))
    return "video/x-h264,stream-format=byte-stream,alignment=nal";
  return NULL;
}

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer data)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);

  if (!picture_hash_add (data, buf, caps))
    g_printerr ("  unexpected output caps %" GST_PTR_FORMAT "\n", caps);
  if (caps)
    gst_caps_unref (caps);
}

static const gchar *dec_props = "";

static gboolean
run_one (const gchar * dir, const Entry * e, const gchar * variant)
{
  gchar *path = g_build_filename (dir, e->file, NULL);
  gchar *desc = g_strdup_printf ("filesrc location=\"%s\" ! h264parse ! %s ! "
      "rth264dec %s ! fakesink name=sink signal-handoffs=true sync=false", path,
      framing_caps (variant), dec_props);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink;
  GstBus *bus;
  GstMessage *msg;
  PictureHash hash;
  gboolean ok;

  g_free (path);
  g_free (desc);
  if (!pipeline)
    return FALSE;
  picture_hash_init (&hash);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &hash);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 300 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  ok = msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
  if (msg && !ok) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_printerr ("  error: %s\n", err->message);
    g_clear_error (&err);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  ok = ok && hash.frames == e->frames
      && !strcmp (picture_hash_digest (&hash), e->md5);
  printf ("%s %-45s %-11s frames %u/%u md5 %s\n", ok ? "PASS" : "FAIL",
      e->file, variant, hash.frames, e->frames, picture_hash_digest (&hash));
  if (msg)
    gst_message_unref (msg);
  picture_hash_clear (&hash);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return ok;
}

/* Lines: file  profile  width  height  frames  md5_i420 */
static GPtrArray *
read_entries (const gchar * tsv)
{
  GPtrArray *entries = g_ptr_array_new ();
  gchar *text = NULL;
  gchar **lines;

  if (!g_file_get_contents (tsv, &text, NULL, NULL))
    return entries;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    gchar **f = g_strsplit (lines[i], "\t", -1);

    if (lines[i][0] != '#' && g_strv_length (f) >= 6) {
      Entry *e = g_new0 (Entry, 1);

      e->file = g_strdup (f[0]);
      e->frames = (guint) g_ascii_strtoull (f[4], NULL, 10);
      e->md5 = g_strdup (f[5]);
      g_ptr_array_add (entries, e);
    }
    g_strfreev (f);
  }
  g_strfreev (lines);
  g_free (text);
  return entries;
}

static gboolean
selected (const Entry * e, int argc, char **argv)
{
  gboolean any = FALSE;

  for (int i = 2; i < argc; i++) {
    if (g_str_has_prefix (argv[i], "--"))
      continue;
    any = TRUE;
    if (!strcmp (argv[i], e->file))
      return TRUE;
  }
  return !any;
}

int
main (int argc, char **argv)
{
  gchar *dir = test_shared_path ("conformance/baseline");
  gchar *tsv;
  GPtrArray *entries;
  guint failed = 0, run = 0;

  gst_init (&argc, &argv);
  if (argc < 2 || !framing_caps (argv[1])) {
    g_printerr ("usage: %s byte-stream|avc|avc3|nal [stream...]\n", argv[0]);
    return 2;
  }
  if (!dir) {
    printf ("SKIP: RTH264_SHARED_DIR/conformance/baseline not found\n");
    return 77;
  }
  if (!have_element ("rth264dec") || !have_element ("h264parse")) {
    printf ("FAIL: rth264dec or h264parse not available\n");
    return 1;
  }
  for (int i = 2; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--props="))
      dec_props = argv[i] + strlen ("--props=");
  tsv = g_build_filename (dir, "MD5SUMS.tsv", NULL);
  entries = read_entries (tsv);
  for (guint i = 0; i < entries->len; i++) {
    const Entry *e = g_ptr_array_index (entries, i);

    if (!selected (e, argc, argv))
      continue;
    run++;
    if (!run_one (dir, e, argv[1]))
      failed++;
  }
  printf ("%u/%u streams passed (%s%s%s)\n", run - failed, run, argv[1],
      *dec_props ? ", " : "", dec_props);
  g_free (tsv);
  g_free (dir);
  return run > 0 && failed == 0 ? 0 : 1;
}
