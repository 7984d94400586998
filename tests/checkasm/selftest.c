/* SPDX-License-Identifier: BSD-2-Clause */
/* `checkasm --test selftest`: runs the harness on deliberately broken asm
 * (x86/selftest.asm) and succeeds only if every defect is reported, so a
 * harness that cannot fail shows up as a failing test. Not part of the
 * normal run. */
#include "config.h"

#include <stdint.h>

#include "checkasm.h"

int64_t checkasm_selftest_widen_good(int a);
int64_t checkasm_selftest_widen_wrong(int a);
int64_t checkasm_selftest_widen_clobber(int a);
int64_t checkasm_selftest_widen_noext(int a);

static int64_t widen_c(int a)
{
    return a;
}

typedef int64_t WidenFn(int a);

static void check_one(WidenFn *fn, const char *name)
{
    if (!checkasm_check_func((const void *)fn, "selftest_%s", name))
        return;
    declare_func(int64_t, int a);
    static const int inputs[] = { 0, 1, -1, 12345, -98765, INT32_MAX, INT32_MIN };
    for (int i = 0; i < (int)(sizeof(inputs) / sizeof(inputs[0])); i++) {
        int64_t r = call_ref(inputs[i]), n = call_new(inputs[i]);
        if (r != n) {
            checkasm_fail("input %d: C %lld, asm %lld", inputs[i], (long long)r, (long long)n);
            break;
        }
    }
}

void checkasm_check_selftest(unsigned cpu_flags)
{
    /* The C pass (no flags) records widen_c as every entry's reference. */
    const int simd = cpu_flags != 0;
    check_one(simd ? checkasm_selftest_widen_good : widen_c, "good");
    check_one(simd ? checkasm_selftest_widen_wrong : widen_c, "wrong");
    check_one(simd ? checkasm_selftest_widen_clobber : widen_c, "clobber");
    check_one(simd ? checkasm_selftest_widen_noext : widen_c, "noext");
    checkasm_report("selftest");
}
