/* bench-event-parse.c: how fast the CGI event stream is parsed into WardenEvents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same 20 MB stream of multipart event parts is read two ways, in 16 KiB
 * chunks as from a socket: by a bare reference scan that only counts the boundary
 * lines (the least any parser must do), and by WardenMultipartParser plus
 * warden_event_new_from_text(). Prints the median and minimum of 5 runs of each and
 * the ratio. Never fails on a time.
 */

#include "config.h"

#include "warden-event.h"
#include "warden-multipart-parser.h"

#include <string.h>

#define RUNS 5
#define CHUNK 16384

static GBytes *
make_stream (guint *n_events)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  while (out->len < 20u * 1024u * 1024u)
    {
      g_autofree char *body = NULL;

      if (n % 10 == 9)
        body = g_strdup ("Heartbeat");
      else
        body = g_strdup_printf ("Code=VideoMotion;action=%s;index=%u;data={\n"
                                "   \"Id\" : [ 0 ],\n   \"RegionName\" : [ \"Region1\" ],\n"
                                "   \"SmartMotionEnable\" : false,\n   \"UTC\" : %u\n}\n",
                                n % 2 ? "Stop" : "Start", n % 16, 1700000000u + n);
      g_string_append_printf (out, "--myboundary\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s\r\n",
                              strlen (body), body);
      n++;
    }
  *n_events = n;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* The reference: count boundary lines, chunk by chunk, and nothing else. */
static guint
reference_scan (const guint8 *data,
                gsize         len)
{
  static const char delimiter[] = "\n--myboundary";
  guint found = data[0] == '-' ? 1 : 0;

  for (gsize off = 0; off < len; off += CHUNK)
    {
      gsize end = MIN (off + CHUNK + sizeof delimiter, len);
      const guint8 *p = data + off;

      while ((p = memchr (p, '\n', (gsize) (data + MIN (off + CHUNK, len) - p))) != NULL)
        {
          if ((gsize) (p - data) + sizeof delimiter - 1 <= end &&
              memcmp (p, delimiter, sizeof delimiter - 1) == 0)
            found++;
          p++;
        }
    }
  return found;
}

static guint
warden_parse (const guint8 *data,
              gsize         len)
{
  g_autoptr(WardenMultipartParser) parser = warden_multipart_parser_new ("myboundary",
                                                                        WARDEN_MULTIPART_MAX_PART);
  WardenMultipartPart *part;
  guint events = 0;

  for (gsize off = 0; off < len; off += CHUNK)
    {
      if (!warden_multipart_parser_feed (parser, data + off, MIN (CHUNK, len - off), NULL))
        g_error ("The benchmark stream did not parse");
      while ((part = warden_multipart_parser_pop (parser)) != NULL)
        {
          gsize n;
          const char *text = g_bytes_get_data (part->body, &n);

          if (!warden_event_text_is_heartbeat (text, n))
            {
              g_autoptr(WardenEvent) event = warden_event_new_from_text ("bench", text, n, NULL);

              events += event != NULL;
            }
          events += warden_event_text_is_heartbeat (text, n);
          warden_multipart_part_free (part);
        }
    }
  return events;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (void)
{
  guint n_events;
  g_autoptr(GBytes) stream = make_stream (&n_events);
  gsize len;
  const guint8 *data = g_bytes_get_data (stream, &len);
  double reference[RUNS], warden[RUNS];

  for (int i = 0; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      guint a = reference_scan (data, len);
      gint64 t1 = g_get_monotonic_time ();
      guint b = warden_parse (data, len);
      gint64 t2 = g_get_monotonic_time ();

      if (a != n_events || b != n_events)
        g_error ("Counted %u and %u parts of %u", a, b, n_events);
      reference[i] = (double) (t1 - t0) / 1e6;
      warden[i] = (double) (t2 - t1) / 1e6;
    }
  qsort (reference, RUNS, sizeof (double), compare);
  qsort (warden, RUNS, sizeof (double), compare);

  g_print ("stream: %.1f MB, %u parts (events and heartbeats), %d runs\n",
           len / 1e6, n_events, RUNS);
  g_print ("reference boundary scan: median %.3f s, min %.3f s (%.0f MB/s)\n",
           reference[RUNS / 2], reference[0], len / 1e6 / reference[RUNS / 2]);
  g_print ("warden parse to events:  median %.3f s, min %.3f s (%.0f events/s, %.0f MB/s)\n",
           warden[RUNS / 2], warden[0], n_events / warden[RUNS / 2], len / 1e6 / warden[RUNS / 2]);
  g_print ("ratio warden/reference: median %.1f, min %.1f\n",
           warden[RUNS / 2] / reference[RUNS / 2], warden[0] / reference[0]);
  return 0;
}
