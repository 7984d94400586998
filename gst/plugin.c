/* SPDX-License-Identifier: BSD-2-Clause */
/* The "rth264" plugin: rth264dec and rth264enc. */
#include <gst/gst.h>

#include "gstrth264dec.h"
#include "gstrth264enc.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ok = FALSE;

  ok |= GST_ELEMENT_REGISTER (rth264dec, plugin);
  ok |= GST_ELEMENT_REGISTER (rth264enc, plugin);
  return ok;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, rth264,
    "Real-time H.264 decoder and encoder (rth264)", plugin_init, VERSION,
    "BSD", PACKAGE, GST_PACKAGE_ORIGIN)
