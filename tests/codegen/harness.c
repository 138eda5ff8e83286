/* SPDX-License-Identifier: Apache-2.0 */
/* Host harness for generated code (tests only): feeds raw input files to <name>_invoke and writes
 * out_K.bin. Built with -DMF_MODEL_HEADER="model_model.h" and the model prefix `model`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_model.h"

static int read_exact(const char* path, void* dst, size_t size) {
  FILE* f = fopen(path, "rb");
  size_t got;
  int extra;
  if (!f) return 0;
  got = fread(dst, 1, size, f);
  extra = fgetc(f);
  fclose(f);
  return got == size && extra == EOF;
}

int main(int argc, char** argv) {
  int k, status, runs = 1;
  char name[4096];
  if (argc != MODEL_NUM_INPUTS + 2) {
    fprintf(stderr, "usage: %s OUT_DIR INPUT.bin... (%d inputs)\n", argv[0], MODEL_NUM_INPUTS);
    return 2;
  }
  for (k = 0; k < MODEL_NUM_INPUTS; ++k) {
    if (!read_exact(argv[k + 2], model_input(k), model_input_size(k))) {
      fprintf(stderr, "input %d: %s does not have %lu bytes\n", k, argv[k + 2], (unsigned long)model_input_size(k));
      return 2;
    }
  }
  (void)runs;
  status = model_invoke();
  if (status != 0) {
    fprintf(stderr, "invoke failed with status %d\n", status);
    return 1;
  }
  for (k = 0; k < MODEL_NUM_OUTPUTS; ++k) {
    FILE* f;
    sprintf(name, "%s/out_%d.bin", argv[1], k);
    f = fopen(name, "wb");
    if (!f || fwrite(model_output(k), 1, model_output_size(k), f) != model_output_size(k)) return 1;
    fclose(f);
  }
  return 0;
}
