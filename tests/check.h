/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checks shared by the C unit tests (tests/unit, tests/encoder): a failed
 * check prints where it failed and why, counts, and the test goes on, so one
 * run lists every failure; check_report() ends main with the count.
 * Header-only: each test is one translation unit.
 */
#ifndef RTH264_TESTS_CHECK_H
#define RTH264_TESTS_CHECK_H

#include <stdio.h>

static int failures;

/* EXPECT(cond, printf-style explanation) */
#define EXPECT(cond, ...)                               \
    do {                                                \
        if (!(cond)) {                                  \
            printf("FAIL %s:%d: ", __func__, __LINE__); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
            failures++;                                 \
        }                                               \
    } while (0)

/* CHECK(cond): the condition itself is the explanation. */
#define CHECK(cond) EXPECT(cond, "check failed: %s", #cond)

/* Prints the outcome of the checks of `what`; returns main's exit status. */
static inline int check_report(const char *what)
{
    if (failures) {
        printf("%s: %d failure(s)\n", what, failures);
        return 1;
    }
    printf("%s: all checks passed\n", what);
    return 0;
}

#endif /* RTH264_TESTS_CHECK_H */
