// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Wilson returns the Wilson score interval [lo, hi] for a binomial
// proportion with x successes in n trials at confidence level conf
// (0.95 for 95%): with p̂ = x/n and z = Φ⁻¹((1 + conf)/2),
//
//	center = (p̂ + z²/(2n)) / (1 + z²/n),
//	half   = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²)).
//
// Unlike the normal (Wald) interval it stays inside [0, 1] and does not
// collapse to a point at x = 0 or x = n. Wilson panics unless
// 0 ≤ x ≤ n, n ≥ 1 and 0 < conf < 1.
func Wilson(x, n int, conf float64) (lo, hi float64) {
	if n < 1 || x < 0 || x > n || !(conf > 0 && conf < 1) {
		panic(fmt.Sprintf("spurious: Wilson(%d, %d, %g): want 0 ≤ x ≤ n, n ≥ 1, 0 < conf < 1", x, n, conf))
	}
	z := distuv.UnitNormal.Quantile((1 + conf) / 2)
	fn := float64(n)
	p := float64(x) / fn
	z2 := z * z
	den := 1 + z2/fn
	center := (p + z2/(2*fn)) / den
	half := z / den * math.Sqrt(p*(1-p)/fn+z2/(4*fn*fn))
	lo, hi = center-half, center+half
	// At x = 0 and x = n the endpoints are exactly 0 and 1; elsewhere
	// clamp rounding.
	if x == 0 {
		lo = 0
	}
	if x == n {
		hi = 1
	}
	return math.Max(0, lo), math.Min(1, hi)
}
