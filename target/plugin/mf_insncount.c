/* SPDX-License-Identifier: Apache-2.0 */
/* mf_insncount: QEMU TCG plugin used by `mcuforge verify` to count executed guest instructions
 * exactly, in total and inside a window opened by one marker address and closed by another.
 *
 *   qemu-system-arm ... -plugin libmcuforge_insncount.so,begin=0xADDR,end=0xADDR,out=FILE
 *
 * The window runs from the first instruction at `begin` (included) to the first instruction at `end`
 * (excluded); several windows add up. Bit 0 of the addresses is ignored (Thumb symbol values).
 * FILE receives:
 *   total <instructions executed>
 *   windows <closed windows>
 *   region <instructions inside windows>
 *   fn <symbol> <instructions inside windows>      (one line per function, most first)
 *
 * Every instruction gets an inline 64-bit counter increment (exact, no sampling). Only the few plugin
 * API declarations used are repeated below (plugin API version 1, QEMU 4.2 to 8.x), so building needs
 * no QEMU headers: the functions are resolved from the QEMU executable when the plugin is loaded. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct {
  const char* target_name;
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void* userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void* userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb* tb);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn* insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void* userdata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn* insn, enum qemu_plugin_op op, void* ptr,
                                                uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn* insn);
const char* qemu_plugin_insn_symbol(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void* userdata);

#define MF_EXPORT __attribute__((visibility("default")))
MF_EXPORT int qemu_plugin_version = 1;

/* One counter per guest instruction address; the same address translated again (a new TB) shares it. */
typedef struct Site {
  uint64_t executed;   /* incremented by the generated code */
  uint64_t at_open;    /* `executed` when the current window opened */
  uint64_t in_window;  /* executions inside closed windows */
  uint64_t vaddr;
  const char* symbol;  /* interned */
} Site;

static Site** sites;
static size_t n_sites, cap_sites;
static Site** slots; /* open addressing by vaddr */
static size_t n_slots = 4096;

static uint64_t begin_pc = UINT64_MAX, end_pc = UINT64_MAX;
static int window_open;
static uint64_t windows;
static char* out_path;

static size_t slot_of(uint64_t va) { return (size_t)((va >> 1) * 0x9E3779B97F4A7C15ull) & (n_slots - 1); }

static void place(Site* s) {
  size_t i = slot_of(s->vaddr);
  while (slots[i]) i = (i + 1) & (n_slots - 1);
  slots[i] = s;
}

static const char* intern(const char* name) {
  /* Few distinct functions: a linear list is enough. */
  static char** names;
  static size_t n, cap;
  size_t i;
  if (!name) name = "?";
  for (i = 0; i < n; ++i)
    if (!strcmp(names[i], name)) return names[i];
  if (n == cap) {
    cap = cap ? cap * 2 : 64;
    names = realloc(names, cap * sizeof(*names));
  }
  names[n] = strdup(name);
  return names[n++];
}

static Site* site_for(struct qemu_plugin_insn* insn) {
  uint64_t va = qemu_plugin_insn_vaddr(insn);
  size_t i = slot_of(va);
  Site* s;
  for (; slots[i]; i = (i + 1) & (n_slots - 1))
    if (slots[i]->vaddr == va) return slots[i];
  s = calloc(1, sizeof(*s));
  s->vaddr = va;
  s->symbol = intern(qemu_plugin_insn_symbol(insn));
  if (n_sites == cap_sites) {
    cap_sites = cap_sites ? cap_sites * 2 : 4096;
    sites = realloc(sites, cap_sites * sizeof(*sites));
  }
  sites[n_sites++] = s;
  if (2 * n_sites > n_slots) {
    size_t k;
    free(slots);
    n_slots *= 2;
    slots = calloc(n_slots, sizeof(*slots));
    for (k = 0; k < n_sites; ++k) place(sites[k]);
  } else {
    place(s);
  }
  return s;
}

/* Marker callbacks run before the marker instruction's own increment. */
static void open_window(unsigned int vcpu, void* unused) {
  size_t k;
  (void)vcpu;
  (void)unused;
  for (k = 0; k < n_sites; ++k) sites[k]->at_open = sites[k]->executed;
  window_open = 1;
}

static void close_window(unsigned int vcpu, void* unused) {
  size_t k;
  (void)vcpu;
  (void)unused;
  if (!window_open) return;
  for (k = 0; k < n_sites; ++k) sites[k]->in_window += sites[k]->executed - sites[k]->at_open;
  window_open = 0;
  ++windows;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  size_t i, n = qemu_plugin_tb_n_insns(tb);
  (void)id;
  for (i = 0; i < n; ++i) {
    struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t pc = qemu_plugin_insn_vaddr(insn) & ~1ull;
    Site* s = site_for(insn);
    if (pc == begin_pc) qemu_plugin_register_vcpu_insn_exec_cb(insn, open_window, QEMU_PLUGIN_CB_NO_REGS, NULL);
    if (pc == end_pc) qemu_plugin_register_vcpu_insn_exec_cb(insn, close_window, QEMU_PLUGIN_CB_NO_REGS, NULL);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &s->executed, 1);
  }
}

typedef struct {
  const char* symbol;
  uint64_t count;
} Tally;

static int most_first(const void* a, const void* b) {
  const Tally* x = a;
  const Tally* y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->symbol, y->symbol);
}

static void write_report(qemu_plugin_id_t id, void* unused) {
  uint64_t total = 0, region = 0;
  size_t k, j, n_tally = 0;
  Tally* tally = calloc(n_sites + 1, sizeof(*tally));
  FILE* f;
  (void)id;
  (void)unused;
  for (k = 0; k < n_sites; ++k) {
    total += sites[k]->executed;
    region += sites[k]->in_window;
    if (!sites[k]->in_window) continue;
    for (j = 0; j < n_tally && tally[j].symbol != sites[k]->symbol; ++j) {
    }
    if (j == n_tally) tally[n_tally++].symbol = sites[k]->symbol;
    tally[j].count += sites[k]->in_window;
  }
  qsort(tally, n_tally, sizeof(*tally), most_first);
  f = out_path ? fopen(out_path, "w") : stderr;
  if (f) {
    fprintf(f, "total %llu\nwindows %llu\nregion %llu\n", (unsigned long long)total, (unsigned long long)windows,
            (unsigned long long)region);
    for (j = 0; j < n_tally; ++j) fprintf(f, "fn %s %llu\n", tally[j].symbol, (unsigned long long)tally[j].count);
    if (f != stderr) fclose(f);
  }
  free(tally);
}

MF_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc, char** argv) {
  int i;
  (void)info;
  for (i = 0; i < argc; ++i) {
    const char* a = argv[i];
    if (!strncmp(a, "begin=", 6)) {
      begin_pc = strtoull(a + 6, NULL, 0) & ~1ull;
    } else if (!strncmp(a, "end=", 4)) {
      end_pc = strtoull(a + 4, NULL, 0) & ~1ull;
    } else if (!strncmp(a, "out=", 4)) {
      out_path = strdup(a + 4);
    } else {
      fprintf(stderr, "mf_insncount: unknown option '%s'\n", a);
      return -1;
    }
  }
  slots = calloc(n_slots, sizeof(*slots));
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, write_report, NULL);
  return 0;
}
