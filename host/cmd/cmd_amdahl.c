/* cmd_amdahl.c: qarray amdahl, the Amdahl sweep (host/study/qa_amdahl.h). */
#include <stdio.h>

#include "qa_amdahl.h"
#include "qa_cmd.h"
#include "qa_columns.h"

int qa_cmd_amdahl(const qa_opts *o) {
  if (o->columns) return qa_columns_print(stdout), 0;
  return qa_amdahl_study(o, NULL, NULL);
}
