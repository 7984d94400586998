# SPDX-License-Identifier: BSD-2-Clause
"""Bjontegaard delta rate (BD-rate), written for this harness.

The classic method (G. Bjontegaard, VCEG-M33, 2001): for each encoder fit
log10(bitrate) as a cubic polynomial of PSNR through its rate-distortion
points, integrate both fits over the PSNR interval the two curves share, and
turn the mean difference of log-rate into a percentage:

    BD-rate = (10 ** ((I_test - I_ref) / (hi - lo)) - 1) * 100

Negative means the test encoder needs fewer bits than the reference for the
same quality. Needs at least 4 points per curve (a cubic has 4 parameters).
"""
import math
import sys

import numpy as np


class BdRateError(ValueError):
    pass


def _integral_of_cubic(coeffs, lo, hi):
    antiderivative = np.polyint(coeffs)
    return np.polyval(antiderivative, hi) - np.polyval(antiderivative, lo)


def bd_rate(ref_rates, ref_psnr, test_rates, test_psnr):
    """BD-rate in percent of test against ref (rates in any one unit)."""
    for rates, psnr in ((ref_rates, ref_psnr), (test_rates, test_psnr)):
        if len(rates) != len(psnr) or len(rates) < 4:
            raise BdRateError("need >= 4 rate/PSNR pairs per curve")
        if min(rates) <= 0:
            raise BdRateError("rates must be positive")
        if len(set(psnr)) != len(psnr):
            raise BdRateError("PSNR values of a curve must be distinct")
        by_rate = sorted(zip(rates, psnr))
        if any(b[1] <= a[1] for a, b in zip(by_rate, by_rate[1:])):
            # More bits for less quality: a cubic through such points is
            # meaningless (the encoder did not follow the targets).
            raise BdRateError("a curve is not monotonic (more bits, lower PSNR)")
    ref_fit = np.polyfit(ref_psnr, np.log10(ref_rates), 3)
    test_fit = np.polyfit(test_psnr, np.log10(test_rates), 3)
    lo = max(min(ref_psnr), min(test_psnr))
    hi = min(max(ref_psnr), max(test_psnr))
    if hi <= lo:
        raise BdRateError("the curves share no PSNR interval")
    avg_diff = (_integral_of_cubic(test_fit, lo, hi) -
                _integral_of_cubic(ref_fit, lo, hi)) / (hi - lo)
    return (math.pow(10.0, avg_diff) - 1.0) * 100.0


def bd_psnr(ref_rates, ref_psnr, test_rates, test_psnr):
    """BD-PSNR in dB: the PSNR counterpart (cubic fit of PSNR over log-rate)."""
    lr_ref, lr_test = np.log10(ref_rates), np.log10(test_rates)
    ref_fit = np.polyfit(lr_ref, ref_psnr, 3)
    test_fit = np.polyfit(lr_test, test_psnr, 3)
    lo, hi = max(min(lr_ref), min(lr_test)), min(max(lr_ref), max(lr_test))
    if hi <= lo:
        raise BdRateError("the curves share no rate interval")
    return (_integral_of_cubic(test_fit, lo, hi) - _integral_of_cubic(ref_fit, lo, hi)) / (hi - lo)


def self_test():
    """Checks with known answers; returns the number of failures."""
    failures = 0
    rates = [600.0, 1200.0, 2500.0, 4000.0]
    psnr = [33.1, 35.9, 38.6, 40.2]

    def check(name, got, want, tol=1e-6):
        nonlocal failures
        ok = abs(got - want) <= tol
        failures += 0 if ok else 1
        print("%s %s: got %.6f want %.6f" % ("ok  " if ok else "FAIL", name, got, want))

    check("identical curves", bd_rate(rates, psnr, rates, psnr), 0.0)
    # Same quality at 90% of the bits everywhere: exactly -10%.
    check("10% fewer bits", bd_rate(rates, psnr, [r * 0.9 for r in rates], psnr), -10.0)
    check("25% more bits", bd_rate(rates, psnr, [r * 1.25 for r in rates], psnr), 25.0)
    # Swapping the roles inverts the ratio: 1/0.9 - 1 = +11.11%.
    check("inverse", bd_rate([r * 0.9 for r in rates], psnr, rates, psnr), 100.0 / 9.0)
    # +0.5 dB at every rate is +0.5 dB BD-PSNR.
    check("bd-psnr +0.5 dB", bd_psnr(rates, psnr, rates, [p + 0.5 for p in psnr]), 0.5)
    # A better curve (higher PSNR at the same rate) must give a negative BD-rate.
    better = bd_rate(rates, psnr, rates, [p + 1.0 for p in psnr])
    check("better is negative", 1.0 if better < 0 else 0.0, 1.0)
    for name, r, q in (("3 points rejected", rates[:3], psnr[:3]),
                       ("non-monotonic rejected", [1100.0, 1150.0, 1120.0, 1130.0],
                        [35.3, 37.6, 38.9, 38.95])):
        try:
            bd_rate(r, q, r, q)
            check(name, 0.0, 1.0)
        except BdRateError:
            check(name, 1.0, 1.0)
    return failures


if __name__ == "__main__":
    sys.exit(1 if self_test() else 0)
