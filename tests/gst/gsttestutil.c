/* SPDX-License-Identifier: BSD-2-Clause */
#include <math.h>
#include <string.h>

#include "gsttestutil.h"

gchar *
test_shared_path (const gchar * sub)
{
  const gchar *root = g_getenv ("RTH264_SHARED_DIR");
  gchar *path;

  if (!root || !*root)
    return NULL;
  path = g_build_filename (root, sub, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&path, g_free);
  return path;
}

void
picture_hash_init (PictureHash * h)
{
  memset (h, 0, sizeof (*h));
  h->md5 = g_checksum_new (G_CHECKSUM_MD5);
}

gboolean
picture_hash_add (PictureHash * h, GstBuffer * buf, GstCaps * caps)
{
  GstVideoInfo info;
  GstVideoFrame frame;

  if (!caps || !gst_video_info_from_caps (&info, caps)
      || GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_I420)
    return FALSE;
  if (!gst_video_frame_map (&frame, &info, buf, GST_MAP_READ))
    return FALSE;
  for (guint c = 0; c < 3; c++) {
    const guint8 *data = GST_VIDEO_FRAME_COMP_DATA (&frame, c);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&frame, c);

    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&frame, c); y++)
      g_checksum_update (h->md5, data + (gsize) y * stride,
          GST_VIDEO_FRAME_COMP_WIDTH (&frame, c));
  }
  gst_video_frame_unmap (&frame);
  if (h->frames > 0 && (h->width != info.width || h->height != info.height))
    h->size_changes++;
  h->width = info.width;
  h->height = info.height;
  h->frames++;
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_CORRUPTED))
    h->corrupted++;
  return TRUE;
}

const gchar *
picture_hash_digest (PictureHash * h)
{
  return g_checksum_get_string (h->md5);
}

void
picture_hash_clear (PictureHash * h)
{
  g_clear_pointer (&h->md5, g_checksum_free);
}

/* Gradients and a square moving 3 pixels per frame: the encoder sees
 * motion and texture, the pattern is the same on every run. */
static guint8
luma_at (gint x, gint y, guint n)
{
  gint sx = (gint) (n * 3) % 64, sy = (gint) (n * 2) % 48;

  if (x >= 40 + sx && x < 72 + sx && y >= 30 + sy && y < 62 + sy)
    return 235 - ((x ^ y) & 15);
  return (guint8) (16 + ((x * 3 + y * 2 + (gint) n) % 200));
}

GstBuffer *
test_frame_new (GstVideoFormat format, gint width, gint height, guint n)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buf;

  gst_video_info_set_format (&info, format, width, height);
  buf = gst_buffer_new_allocate (NULL, info.size, NULL);
  g_assert_true (gst_video_frame_map (&frame, &info, buf, GST_MAP_WRITE));
  for (gint y = 0; y < height; y++) {
    guint8 *row = GST_VIDEO_FRAME_COMP_DATA (&frame, 0) +
        (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (&frame, 0);
    for (gint x = 0; x < width; x++)
      row[x] = luma_at (x, y, n);
  }
  for (gint y = 0; y < (height + 1) / 2; y++) {
    for (gint x = 0; x < (width + 1) / 2; x++) {
      guint8 u = (guint8) (128 + (x - width / 4) / 2);
      guint8 v = (guint8) (128 + (y - height / 4) / 2);

      if (format == GST_VIDEO_FORMAT_NV12) {
        guint8 *uv = GST_VIDEO_FRAME_PLANE_DATA (&frame, 1) +
            (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1);
        uv[2 * x] = u;
        uv[2 * x + 1] = v;
      } else {
        (GST_VIDEO_FRAME_COMP_DATA (&frame, 1) + (gsize) y *
            GST_VIDEO_FRAME_COMP_STRIDE (&frame, 1))[x] = u;
        (GST_VIDEO_FRAME_COMP_DATA (&frame, 2) + (gsize) y *
            GST_VIDEO_FRAME_COMP_STRIDE (&frame, 2))[x] = v;
      }
    }
  }
  gst_video_frame_unmap (&frame);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (n, GST_SECOND, 30);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (1, GST_SECOND, 30);
  return buf;
}

gdouble
test_psnr_i420 (GstBuffer * a, GstBuffer * b, gint width, gint height)
{
  GstVideoInfo info;
  GstVideoFrame fa, fb;
  gdouble sse = 0, count = 0;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, width, height);
  g_assert_true (gst_video_frame_map (&fa, &info, a, GST_MAP_READ));
  g_assert_true (gst_video_frame_map (&fb, &info, b, GST_MAP_READ));
  for (guint c = 0; c < 3; c++) {
    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&fa, c); y++) {
      const guint8 *ra = GST_VIDEO_FRAME_COMP_DATA (&fa, c) +
          (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (&fa, c);
      const guint8 *rb = GST_VIDEO_FRAME_COMP_DATA (&fb, c) +
          (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (&fb, c);
      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (&fa, c); x++) {
        gdouble d = (gdouble) ra[x] - rb[x];
        sse += d * d;
        count++;
      }
    }
  }
  gst_video_frame_unmap (&fa);
  gst_video_frame_unmap (&fb);
  if (sse == 0)
    return 100.0;
  return 10.0 * log10 (255.0 * 255.0 * count / sse);
}

GstMessage *
test_bus_pop (GstBus * bus, GstMessageType types, GstClockTime timeout)
{
  return gst_bus_timed_pop_filtered (bus, timeout, types);
}

void
test_harness_teardown_with_bus (GstHarness * h, GstBus * bus)
{
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

gboolean
test_run_pipeline (const gchar * description, GstClockTime timeout,
    gchar ** error)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (description, &err);
  GstBus *bus;
  GstMessage *msg;
  gboolean ok = FALSE;

  if (!pipeline) {
    if (error)
      *error = g_strdup (err ? err->message : "parse failed");
    g_clear_error (&err);
    return FALSE;
  }
  g_clear_error (&err);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, timeout,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    ok = TRUE;
  } else if (msg) {
    GError *gerr = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &gerr, &dbg);
    if (error)
      *error = g_strdup_printf ("%s (%s)", gerr->message, dbg ? dbg : "");
    g_clear_error (&gerr);
    g_free (dbg);
  } else if (error) {
    *error = g_strdup ("timeout");
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return ok;
}

static guint
count_annexb (const guint8 * d, gsize size, guint nal_type)
{
  guint n = 0;

  for (gsize i = 0; i + 3 < size; i++)
    if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
      if ((d[i + 3] & 0x1f) == nal_type)
        n++;
      i += 2;
    }
  return n;
}

static guint
count_avc (const guint8 * d, gsize size, guint nal_type)
{
  guint n = 0;
  gsize pos = 0;

  while (pos + 4 < size) {
    guint32 len = GST_READ_UINT32_BE (d + pos);

    if (len == 0 || len > size - pos - 4)
      return G_MAXUINT;         /* broken length prefix */
    if ((d[pos + 4] & 0x1f) == nal_type)
      n++;
    pos += 4 + len;
  }
  return pos == size ? n : G_MAXUINT;
}

guint
test_count_nals (GstBuffer * buf, gboolean avc, guint nal_type)
{
  GstMapInfo map;
  guint n;

  g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
  n = avc ? count_avc (map.data, map.size, nal_type) :
      count_annexb (map.data, map.size, nal_type);
  gst_buffer_unmap (buf, &map);
  return n;
}

gboolean
have_element (const gchar * factory)
{
  GstElementFactory *f = gst_element_factory_find (factory);

  if (!f)
    return FALSE;
  gst_object_unref (f);
  return TRUE;
}
