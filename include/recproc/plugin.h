/* recproc plugin ABI, version 1.
 *
 * A plugin is a shared library, built by any C or C++ compiler against this header alone, that
 * exports `recproc_plugin_v1`. recproc loads it with dlopen() from an explicit path:
 *
 *     recproc run in.ndjson -t 'plugin ./libmask.so field=HostIP keep=2'
 *
 * Lifecycle: create() once with the key=value arguments; worker_create() once per worker thread
 * (per-worker state, never shared); apply() for each record, on that worker's thread;
 * worker_destroy() and destroy() at the end. The record is reached only through the host's
 * function table, so the plugin never depends on recproc's C++ types.
 *
 * Strings are UTF-8 with explicit lengths. Field paths use recproc's syntax: `a.b`, `a["x y"]`.
 * Pointers returned by the host stay valid until the next host call on the same record.
 */
#ifndef RECPROC_PLUGIN_H
#define RECPROC_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RECPROC_PLUGIN_ABI_VERSION 1u

typedef struct recproc_record recproc_record; /* opaque: one record, for one apply() call */

typedef enum recproc_verdict {
  RECPROC_KEEP = 0,  /* write the (possibly edited) record */
  RECPROC_DROP = 1,  /* filter it out on purpose; counted as dropped */
  RECPROC_REJECT = 2 /* bad record; the error policy applies; give a reason */
} recproc_verdict;

/* Functions the host gives the plugin. All return 0 on success, nonzero on failure. */
typedef struct recproc_host_api {
  uint32_t abi_version;
  /* Field as minified JSON text (`"abc"`, `12`, `{"a":1}`); NULL when missing. */
  const char* (*get_json)(recproc_record* rec, const char* path, size_t* len);
  /* Field as an unescaped string when it is a JSON string; NULL otherwise. */
  const char* (*get_string)(recproc_record* rec, const char* path, size_t* len);
  /* Sets a field (creating parents) from JSON text; fails on malformed JSON. */
  int (*set_json)(recproc_record* rec, const char* path, const char* json, size_t len);
  /* Sets a field to a string value (the host escapes it). */
  int (*set_string)(recproc_record* rec, const char* path, const char* value, size_t len);
  /* Removes a field; fails when missing. */
  int (*remove_field)(recproc_record* rec, const char* path);
  /* Renames the last segment of `path`; fails when missing. */
  int (*rename_field)(recproc_record* rec, const char* path, const char* new_name);
} recproc_host_api;

typedef struct recproc_plugin {
  uint32_t abi_version; /* RECPROC_PLUGIN_ABI_VERSION the plugin was built with */
  const char* name;     /* short name used in messages */
  /* Parses arguments; returns the shared state, or NULL after writing a message to err. */
  void* (*create)(int argc, const char* const* keys, const char* const* values, char* err,
                  size_t err_len);
  void (*destroy)(void* state);
  /* Per-worker state (may return `state` itself when there is none); NULL is an error. */
  void* (*worker_create)(void* state);
  void (*worker_destroy)(void* worker);
  /* Edits the record through `host`; on RECPROC_REJECT writes a reason into `reason`. */
  recproc_verdict (*apply)(void* worker, recproc_record* rec, const recproc_host_api* host,
                           char* reason, size_t reason_len);
} recproc_plugin;

/* The one symbol a plugin exports. */
typedef const recproc_plugin* (*recproc_plugin_entry_fn)(void);
#define RECPROC_PLUGIN_ENTRY "recproc_plugin_v1"

#ifdef __cplusplus
}
#endif

#endif /* RECPROC_PLUGIN_H */
