/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the element tests: test data, hashing of decoded
 * pictures, synthetic input frames, bus messages. */
#ifndef RTH264_TESTS_GST_TESTUTIL_H
#define RTH264_TESTS_GST_TESTUTIL_H

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* $RTH264_SHARED_DIR/<sub>, or NULL when the folder does not exist. */
gchar *test_shared_path (const gchar * sub);

/* MD5 over the visible I420 planes of every picture, as ffmpeg's rawvideo
 * output would hash them; also counts pictures and remembers the size. */
typedef struct
{
  GChecksum *md5;
  guint frames;
  gint width, height;
  guint size_changes;
  guint corrupted;
} PictureHash;

void picture_hash_init (PictureHash * h);
gboolean picture_hash_add (PictureHash * h, GstBuffer * buf, GstCaps * caps);
/* Returns the hex digest (owned by h) and resets nothing. */
const gchar *picture_hash_digest (PictureHash * h);
void picture_hash_clear (PictureHash * h);

/* A deterministic moving test picture (I420 or NV12), frame index n. */
GstBuffer *test_frame_new (GstVideoFormat format, gint width, gint height,
    guint n);
/* PSNR in dB between two I420 buffers of the same size (Y, U and V). */
gdouble test_psnr_i420 (GstBuffer * a, GstBuffer * b, gint width, gint height);

/* Pops the next ERROR or WARNING message within timeout (NULL if none). */
GstMessage *test_bus_pop (GstBus * bus, GstMessageType types,
    GstClockTime timeout);

/* Tears down a harness whose element was given a bus of the test's own
 * (gst_element_set_bus): the bus is detached and unreffed first. */
void test_harness_teardown_with_bus (GstHarness * h, GstBus * bus);

/* Runs a gst-launch pipeline to EOS; returns TRUE on EOS, else fills
 * error (if not NULL) with the error text. */
gboolean test_run_pipeline (const gchar * description, GstClockTime timeout,
    gchar ** error);

/* Whether an element factory of that name is registered. */
gboolean have_element (const gchar * factory);

/* Counts NAL units of nal_unit_type in an Annex B or 4-byte-length buffer. */
guint test_count_nals (GstBuffer * buf, gboolean avc, guint nal_type);

G_END_DECLS

#endif
