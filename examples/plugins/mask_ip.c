/* Example recproc plugin: masks the last two octets of an IPv4 address field.
 *
 *   cc -shared -fPIC -I include -o libmask_ip.so examples/plugins/mask_ip.c
 *   recproc run in.ndjson -t 'plugin ./libmask_ip.so field=HostIP'
 *
 * Built against include/recproc/plugin.h alone; C, so any compiler will do. */
#include <stdio.h>
#include <string.h>

#include "recproc/plugin.h"

typedef struct { char field[256]; } mask_state;
static mask_state g_state; /* one instance: a real plugin would malloc it in create() */

static void* create(int argc, const char* const* keys, const char* const* values, char* err,
                    size_t err_len) {
  snprintf(g_state.field, sizeof g_state.field, "HostIP");
  for (int i = 0; i < argc; ++i) {
    if (strcmp(keys[i], "field") == 0) {
      snprintf(g_state.field, sizeof g_state.field, "%s", values[i]);
    } else {
      snprintf(err, err_len, "unknown argument \"%s\" (expected field=NAME)", keys[i]);
      return NULL;
    }
  }
  return &g_state;
}

static void destroy(void* state) { (void)state; }
static void* worker_create(void* state) { return state; } /* no per-worker state needed */
static void worker_destroy(void* worker) { (void)worker; }

static recproc_verdict apply(void* worker, recproc_record* rec, const recproc_host_api* host,
                             char* reason, size_t reason_len) {
  const mask_state* s = (const mask_state*)worker;
  size_t len = 0;
  const char* ip = host->get_string(rec, s->field, &len);
  if (ip == NULL) return RECPROC_KEEP; /* absent or not a string: leave the record alone */
  unsigned a, b, c, d;
  char tail;
  if (len > 15 || sscanf(ip, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255) {
    snprintf(reason, reason_len, "%s is not an IPv4 address", s->field);
    return RECPROC_REJECT;
  }
  char masked[32];
  int n = snprintf(masked, sizeof masked, "%u.%u.x.x", a, b);
  host->set_string(rec, s->field, masked, (size_t)n);
  return RECPROC_KEEP;
}

static const recproc_plugin kPlugin = {RECPROC_PLUGIN_ABI_VERSION, "mask_ip", create, destroy,
                                       worker_create, worker_destroy, apply};

const recproc_plugin* recproc_plugin_v1(void) { return &kPlugin; }
